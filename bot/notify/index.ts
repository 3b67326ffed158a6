/**
 * Proactive expiry notifications (issue 8). What the rest of the bot calls:
 * - `recordConversation` on every incoming activity (store/refresh/deactivate the reference);
 * - `parseNotifyCommand` + `setNotify` + `describeSettings` for `notify on | off | at 30,7,1`;
 * - `handleNotifyAction` for the digest card's `notify.snooze` and `notify.more`;
 * - `startNotifier({ db, clock, sender: connectorSender(...), config })` at start-up, `stop()` on SIGTERM.
 */
export { handleNotifyAction, runNotifyCommand, type NotifyActionInput, type NotifyActionResult } from "./actions";
export { NOTIFY_ACTIONS, OFF_LINE, PAGE_SIZE, digestActivity, digestCard, isNotifyVerb, parseNotifyAction, type NotifyVerb } from "./card";
export { notifyConfig, notifyConfigFromEnv, NotifyConfigSchema, type NotifyConfig } from "./config";
export {
  currentSettings,
  deactivateConversation,
  describeSettings,
  parseNotifyCommand,
  recordConversation,
  referenceOf,
  setNotify,
  settingsFor,
  snoozeItem,
  upsertConversation,
  type NotifyCommand,
  type NotifySettings,
  type Recorded,
} from "./conversations";
export { CONVERSATION_LIMITS, TENANT_LIMITS, type WindowLimit } from "./limits";
export { createNotifier, startNotifier, type Notifier, type NotifierDeps, type RunReport, type RunningNotifier } from "./notifier";
export { connectorSender, parseRetryAfter, type Sender, type SendResult } from "./sender";
export type { DeliveryReport, NotifyLog } from "./deliver";

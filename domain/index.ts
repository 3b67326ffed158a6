/** The licensing domain: verbs that change state, each one transaction with an audit row. */
export { SYSTEM, type Actor, type Ctx } from "./context";
export type { Outcome, Refusal, RefusalCode } from "./outcome";
export { assign } from "./verbs/assign";
export { changeSeats } from "./verbs/changeSeats";
export { extend, extendAll } from "./verbs/extend";
export { switchPool } from "./verbs/switchPool";
export { disconnect } from "./verbs/disconnect";
export { applyLicense } from "./verbs/applyLicense";
export { onboard } from "./verbs/onboard";
export { changeTenantOwner } from "./verbs/changeTenantOwner";
export { addAdministrator, removeAdministrator } from "./verbs/administrators";
export { recordFeedback } from "./verbs/recordFeedback";
export { createPool, setPoolQuantity, renewPool, cancelOrder } from "./verbs/pools";
export { allocate } from "./verbs/allocate";
export { importUsage } from "./verbs/importUsage";
export { requestChange, confirmChange, cancelChange, CHANGE_VERBS, PENDING_HOURS, type ChangeVerb, type PendingChange, type Decision } from "./changes";

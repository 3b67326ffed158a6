/**
 * Cards: Adaptive Card 1.5 templates bound to typed data. This folder knows nothing of the database
 * or of Teams' transport; the bot maps read models to these data shapes and sends the attachments.
 */
import type { Attachment } from "botbuilder";
import { renderCard } from "./render";
import { REPORT_TEMPLATES } from "./reports";
import { adminsTemplate, type AdminsCardData } from "./templates/admins";
import { chooseTemplate, type ChooseCardData } from "./templates/choose";
import { confirmTemplate, type ConfirmCardData } from "./templates/confirm";
import { formTemplate, type FormCardData } from "./templates/form";
import { outcomeTemplate, type OutcomeCardData } from "./templates/outcome";
import { pickTemplate, type PickCardData } from "./templates/pick";
import { customerTemplate, type CustomerCardData } from "./templates/customer";
import { customersTemplate, type CustomersCardData } from "./templates/customers";
import { expiringTemplate, type ExpiringCardData } from "./templates/expiring";
import { faqTemplate, type FaqCardData } from "./templates/faq";
import { feedbackTemplate, type FeedbackCardData } from "./templates/feedback";
import { historyTemplate, type HistoryCardData } from "./templates/history";
import { homeTemplate, type HomeCardData } from "./templates/home";
import { noticeTemplate, type NoticeCardData } from "./templates/notice";
import { suggestTemplate, type SuggestCardData } from "./templates/suggest";

export { renderCard, CardRenderError, CARD_BUDGET_BYTES, ADAPTIVE_CARD_CONTENT_TYPE, type CardTemplate } from "./render";
export * from "./actions";
export * from "./reports";
export type { ConfirmCardData, FormCardData, OutcomeCardData, PickCardData };
export type { FormFieldData } from "./templates/form";
export { formField } from "./templates/form";
export type { PickOptionData } from "./templates/pick";
export type { AdminsCardData, ChooseCardData, CustomerCardData, CustomersCardData, ExpiringCardData, FeedbackCardData, HistoryCardData, HomeCardData, NoticeCardData, SuggestCardData };
export type { CustomerRowData } from "./templates/customers";
export type { CustomerServiceData } from "./templates/customer";
export type { ExpiringRowData } from "./templates/expiring";
export type { CandidateData, ChooseVerb } from "./templates/choose";
export type { FaqCardData, FaqTopicData } from "./templates/faq";

/** Every template, by name: the tests render and validate each one. */
export const TEMPLATES = {
  home: homeTemplate,
  customers: customersTemplate,
  customer: customerTemplate,
  expiring: expiringTemplate,
  admins: adminsTemplate,
  history: historyTemplate,
  choose: chooseTemplate,
  suggest: suggestTemplate,
  feedback: feedbackTemplate,
  notice: noticeTemplate,
  confirm: confirmTemplate,
  outcome: outcomeTemplate,
  form: formTemplate,
  pick: pickTemplate,
  faq: faqTemplate,
  ...REPORT_TEMPLATES,
} as const;

export const homeCard = (data: HomeCardData): Attachment => renderCard(homeTemplate, data);
export const customersCard = (data: CustomersCardData): Attachment => renderCard(customersTemplate, data);
export const customerCard = (data: CustomerCardData): Attachment => renderCard(customerTemplate, data);
export const expiringCard = (data: ExpiringCardData): Attachment => renderCard(expiringTemplate, data);
export const adminsCard = (data: AdminsCardData): Attachment => renderCard(adminsTemplate, data);
export const historyCard = (data: HistoryCardData): Attachment => renderCard(historyTemplate, data);
export const chooseCard = (data: ChooseCardData): Attachment => renderCard(chooseTemplate, data);
export const suggestCard = (data: SuggestCardData): Attachment => renderCard(suggestTemplate, data);
export const feedbackCard = (data: FeedbackCardData): Attachment => renderCard(feedbackTemplate, data);
export const noticeCard = (data: NoticeCardData): Attachment => renderCard(noticeTemplate, data);
export const confirmCard = (data: ConfirmCardData): Attachment => renderCard(confirmTemplate, data);
export const outcomeCard = (data: OutcomeCardData): Attachment => renderCard(outcomeTemplate, data);
export const formCard = (data: FormCardData): Attachment => renderCard(formTemplate, data);
export const pickCard = (data: PickCardData): Attachment => renderCard(pickTemplate, data);
export const faqCard = (data: FaqCardData): Attachment => renderCard(faqTemplate, data);

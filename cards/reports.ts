/** The report cards (R1-R4, B1, B2) and the CSV export answer: templates, data shapes, builders. */
import type { Attachment } from "botbuilder";
import { renderCard } from "./render";
import { billReportTemplate, type BillCardData } from "./templates/reports-bill";
import { exportReportTemplate, type ExportCardData } from "./templates/reports-export";
import { operationsReportTemplate, STATUS_LABEL, type OperationsCardData } from "./templates/reports-operations";
import { operationsServiceReportTemplate, type OperationsServiceCardData } from "./templates/reports-operations-service";
import { poolReportTemplate, type PoolCardData } from "./templates/reports-pool";
import { poolsReportTemplate, type PoolsCardData } from "./templates/reports-pools";
import { storageReportTemplate, type StorageCardData } from "./templates/reports-storage";
import { storageCustomerReportTemplate, type StorageCustomerCardData } from "./templates/reports-storage-customer";
import { usageReportTemplate, type UsageCardData } from "./templates/reports-usage";

export * from "./report-actions";
export { STATUS_LABEL };
export type { BillCardData, ExportCardData, OperationsCardData, OperationsServiceCardData, PoolCardData, PoolsCardData, StorageCardData, StorageCustomerCardData, UsageCardData };
export type { ReportHeaderData } from "./templates/reports-parts";
export type { PoolRowData, PoolChartData } from "./templates/reports-pools";
export type { PoolTermData, PoolAllocationData, PoolCustomerData } from "./templates/reports-pool";
export type { UsageLineData, UsageTrendSeries } from "./templates/reports-usage";
export type { OperationsServiceData } from "./templates/reports-operations";
export type { OperationsCustomerData } from "./templates/reports-operations-service";
export type { StorageCustomerRowData } from "./templates/reports-storage";
export type { StorageServiceRowData } from "./templates/reports-storage-customer";
export type { BillLineData } from "./templates/reports-bill";

/** Every report template, by name (merged into TEMPLATES, so the card tests render each one). */
export const REPORT_TEMPLATES = {
  "reports-pools": poolsReportTemplate,
  "reports-pool": poolReportTemplate,
  "reports-usage": usageReportTemplate,
  "reports-operations": operationsReportTemplate,
  "reports-operations-service": operationsServiceReportTemplate,
  "reports-storage": storageReportTemplate,
  "reports-storage-customer": storageCustomerReportTemplate,
  "reports-bill": billReportTemplate,
  "reports-export": exportReportTemplate,
} as const;

export const poolsReportCard = (data: PoolsCardData): Attachment => renderCard(poolsReportTemplate, data);
export const poolReportCard = (data: PoolCardData): Attachment => renderCard(poolReportTemplate, data);
export const usageReportCard = (data: UsageCardData): Attachment => renderCard(usageReportTemplate, data);
export const operationsReportCard = (data: OperationsCardData): Attachment => renderCard(operationsReportTemplate, data);
export const operationsServiceReportCard = (data: OperationsServiceCardData): Attachment => renderCard(operationsServiceReportTemplate, data);
export const storageReportCard = (data: StorageCardData): Attachment => renderCard(storageReportTemplate, data);
export const storageCustomerReportCard = (data: StorageCustomerCardData): Attachment => renderCard(storageCustomerReportTemplate, data);
export const billReportCard = (data: BillCardData): Attachment => renderCard(billReportTemplate, data);
export const exportReportCard = (data: ExportCardData): Attachment => renderCard(exportReportTemplate, data);

/** Read models: plain typed data for reports and views; no cards, no writes. */
export { queryFor, type Query } from "./context";
export { subscriptionUsage, sourceCustomers, type SourceUsage, type SourceCustomer } from "./subscriptions";
export { customerUsage, usageTrend, type UsagePeriod, type UsageReport, type UsageLine, type TrendPoint } from "./usage";
export { customerOperations, serviceOperations, lastDays, JOB_STATUSES, type JobStatus, type OperationsReport } from "./operations";
export { storageConsumption, type StorageReport } from "./storage";
export { paygBill, previousMonth, type Bill, type BillLine } from "./bill";
export { expiring, type ExpiringItem } from "./expiring";
export { usageAsOf, jobsAsOf } from "./asOf";
export { customerStorage } from "./customerStorage";
export { listCustomers, customerDetail, customerHistory, type CustomerDetail, type CustomerSummary, type HistoryEntry } from "./customers";

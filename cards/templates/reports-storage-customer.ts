import { execute, submit } from "../actions";
import { defineTemplate } from "../render";
import { card, subtle, text } from "./parts";
import { num, reportFooter, reportHeader, table, td, th, type ReportHeaderData } from "./reports-parts";

export interface StorageServiceRowData {
  service: string;
  gb: string;
  measuredOn: string;
}

export interface StorageCustomerCardData extends ReportHeaderData {
  customerId: string;
  total: string;
  services: StorageServiceRowData[];
}

/** R4's detail (`storage.customer`): one customer's storage by service. */
export const storageCustomerReportTemplate = defineTemplate<StorageCustomerCardData>(
  "reports-storage-customer",
  card([
    ...reportHeader(),
    text("${total}", { size: "ExtraLarge", weight: "Bolder", spacing: "Medium" }),
    subtle("Storage used by this customer"),
    table(
      [6, -3, 3],
      [th("Service"), th("Storage"), th("Measured on")],
      "${services}",
      [td("${service}"), num("${gb}", { weight: "Bolder" }), td("${measuredOn}", { isSubtle: true })],
      { $when: "${count(services) > 0}" },
    ),
    reportFooter(null, { report: "storage-customer", customerId: "${customerId}" }, [
      { ...execute("All customers", "storage.show", { offset: 0 }), associatedInputs: "none" },
      { ...submit("Open customer", "customer.open", { customerId: "${customerId}" }), associatedInputs: "none" },
    ]),
  ]),
);

/**
 * The vendor's 34 services, in the order of its FAQ, as data (see the spec's "Service catalog").
 * `distribution`: purchasable through Cloud Marketplace and off-marketplace (P2); the FAQ's
 * "Insights" covers both Insights services and its IaaS + PaaS entry is the User Seats variant.
 * Units follow the spec's decision: names with "Capacity" and the three storage services are GB,
 * names with "Units" are units, the two object services are objects, the rest are user seats.
 */
export type ServiceUnit = "user_seats" | "objects" | "capacity_gb" | "units";

export interface CatalogService {
  id: string;
  name: string;
  unit: ServiceUnit;
  distribution: boolean;
  fly: boolean;
  /** What the service covers, where the vendor lists it. */
  detail?: string;
  /** Other names the vendor uses for it (its distribution list words some differently). */
  aliases?: readonly string[];
}

/** Every name a service answers to exactly: its id, its name, its name with what it covers, its aliases. */
export function serviceNames(s: CatalogService): string[] {
  return [s.id, ...(s.detail ? [`${s.name} (${s.detail})`] : []), ...(s.aliases ?? [])];
}

export const CATALOG: readonly CatalogService[] = [
  { id: "cloud-backup-for-microsoft-365", name: "Cloud Backup for Microsoft 365", unit: "user_seats", distribution: true, fly: false },
  { id: "cloud-backup-for-exchange-online-and-onedrive", name: "Cloud Backup for Exchange Online and OneDrive", unit: "user_seats", distribution: false, fly: false },
  { id: "cloud-backup-for-power-platform", name: "Cloud Backup for Power Platform", unit: "user_seats", distribution: false, fly: false },
  { id: "cloud-backup-for-dynamics-365", name: "Cloud Backup for Dynamics 365", unit: "user_seats", distribution: false, fly: false },
  { id: "cloud-backup-for-google-workspace", name: "Cloud Backup for Google Workspace", unit: "user_seats", distribution: true, fly: false },
  { id: "cloud-backup-for-google-classroom-objects", name: "Cloud Backup for Google Classroom - Objects", unit: "objects", distribution: false, fly: false },
  { id: "cloud-backup-for-google-classroom-users", name: "Cloud Backup for Google Classroom - Users", unit: "user_seats", distribution: false, fly: false },
  { id: "cloud-backup-for-iaas-plus-paas-user-seats", name: "Cloud Backup for IaaS + PaaS - User Seats", unit: "user_seats", distribution: true, fly: false, detail: "Microsoft Entra ID, Azure AD B2C, and Admin Portal", aliases: ["Cloud Backup for IaaS + PaaS (Microsoft Entra ID, Azure AD B2C, and Admin Portal only)"] },
  { id: "cloud-backup-for-iaas-plus-paas-capacity-saas-infrastructure", name: "Cloud Backup for IaaS + PaaS - Capacity (SaaS Infrastructure)", unit: "capacity_gb", distribution: false, fly: false, detail: "Amazon EC2, Azure DevOps, Azure SQL Backup, Azure Storage, Azure Virtual Machine, Native Azure SQL Backup Monitoring, VMware, Google Cloud Storage, SQL Server, and Google Virtual Machine Instance" },
  { id: "cloud-backup-for-iaas-plus-paas-capacity-cap-gateway", name: "Cloud Backup for IaaS + PaaS - Capacity (CAP Gateway)", unit: "capacity_gb", distribution: false, fly: false, detail: "Amazon EC2, Azure DevOps, Azure SQL Backup, Azure Storage, Azure Virtual Machine, Native Azure SQL Backup Monitoring, VMware, Google Cloud Storage, SQL Server, and Google Virtual Machine Instance" },
  { id: "cloud-backup-for-iaas-plus-paas-units-cap-gateway", name: "Cloud Backup for IaaS + PaaS - Units (CAP Gateway)", unit: "units", distribution: false, fly: false, detail: "Amazon EC2, Azure DevOps, Azure SQL Backup, Azure Storage, Azure Virtual Machine, Native Azure SQL Backup Monitoring, VMware, Google Cloud Storage, SQL Server, and Google Virtual Machine Instance" },
  { id: "cloud-backup-for-salesforce-archive", name: "Cloud Backup for Salesforce - Archive", unit: "user_seats", distribution: false, fly: false },
  { id: "cloud-backup-for-salesforce-backup", name: "Cloud Backup for Salesforce - Backup", unit: "user_seats", distribution: false, fly: false },
  { id: "cloud-management", name: "Cloud Management", unit: "user_seats", distribution: false, fly: false },
  { id: "cloud-governance", name: "Cloud Governance", unit: "user_seats", distribution: false, fly: false },
  { id: "cloud-archiving", name: "Cloud Archiving", unit: "user_seats", distribution: false, fly: false },
  { id: "policies-for-microsoft-365", name: "Policies for Microsoft 365", unit: "user_seats", distribution: true, fly: false },
  { id: "insights-for-microsoft-365", name: "Insights for Microsoft 365", unit: "user_seats", distribution: true, fly: false },
  { id: "insights-for-google", name: "Insights for Google", unit: "user_seats", distribution: true, fly: false },
  { id: "cense", name: "Cense", unit: "user_seats", distribution: true, fly: false },
  { id: "enpower", name: "EnPower", unit: "user_seats", distribution: true, fly: false },
  { id: "fly-global-objects", name: "Fly > Global Objects", unit: "objects", distribution: true, fly: true },
  { id: "fly-aviator", name: "Fly > Aviator", unit: "user_seats", distribution: true, fly: true },
  { id: "opus-discovery-and-analysis", name: "Opus > Discovery and Analysis", unit: "capacity_gb", distribution: false, fly: false },
  { id: "opus-storage-optimization", name: "Opus > Storage Optimization", unit: "capacity_gb", distribution: false, fly: false },
  { id: "tygraph-enterprise", name: "tyGraph > Enterprise", unit: "user_seats", distribution: false, fly: false },
  { id: "tygraph-copilot", name: "tyGraph > Copilot", unit: "user_seats", distribution: false, fly: false },
  { id: "baseline-management", name: "Baseline Management", unit: "user_seats", distribution: true, fly: false },
  { id: "workspace-management", name: "Workspace Management", unit: "user_seats", distribution: true, fly: false },
  { id: "workspace-management-storage-optimization", name: "Workspace Management - Storage Optimization", unit: "capacity_gb", distribution: true, fly: false },
  { id: "user-and-device-management", name: "User and Device Management", unit: "user_seats", distribution: true, fly: false },
  { id: "azure-security-management-capacity-saas-infrastructure", name: "Azure security management - Capacity (SaaS Infrastructure)", unit: "capacity_gb", distribution: false, fly: false },
  { id: "azure-security-management-capacity-cap-gateway", name: "Azure security management - Capacity (CAP Gateway)", unit: "capacity_gb", distribution: false, fly: false },
  { id: "azure-security-management-units-cap-gateway", name: "Azure security management - Units (CAP Gateway)", unit: "units", distribution: false, fly: false },
];

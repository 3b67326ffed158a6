CREATE TABLE `partner_users` (
	`partner_id` text NOT NULL,
	`aad_object_id` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`partner_id`, `aad_object_id`),
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "partner_users_role_ck" CHECK("partner_users"."role" in ('administrator', 'viewer'))
);
--> statement-breakpoint
CREATE TABLE `partners` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`teams_tenant_id` text NOT NULL,
	`tier2_enabled` integer DEFAULT false NOT NULL,
	`lar_id` text,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	FOREIGN KEY (`lar_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "partners_kind_ck" CHECK("partners"."kind" in ('msp', 'lar'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `partners_teams_tenant_uq` ON `partners` (`teams_tenant_id`);--> statement-breakpoint
CREATE INDEX `partners_lar_idx` ON `partners` (`lar_id`);--> statement-breakpoint
CREATE TABLE `customer_users` (
	`customer_id` text NOT NULL,
	`upn` text NOT NULL,
	`name` text NOT NULL,
	`roles` text NOT NULL,
	`tenant_owner` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`customer_id`, `upn`),
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customer_users_owner_uq` ON `customer_users` (`customer_id`) WHERE "customer_users"."tenant_owner" = 1;--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`partner_id` text NOT NULL,
	`name` text NOT NULL,
	`m365_tenant_id` text NOT NULL,
	`onboarded_on` text NOT NULL,
	`status` text DEFAULT 'connected' NOT NULL,
	`disconnected_on` text,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "customers_status_ck" CHECK("customers"."status" in ('connected', 'disconnected'))
);
--> statement-breakpoint
CREATE INDEX `customers_partner_idx` ON `customers` (`partner_id`,`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `customers_connected_tenant_uq` ON `customers` (`m365_tenant_id`) WHERE "customers"."status" = 'connected';--> statement-breakpoint
CREATE TABLE `services` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`unit` text NOT NULL,
	`distribution` integer NOT NULL,
	`fly` integer NOT NULL,
	`detail` text,
	`position` integer NOT NULL,
	CONSTRAINT "services_unit_ck" CHECK("services"."unit" in ('user_seats', 'objects', 'capacity_gb', 'units'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `services_name_uq` ON `services` (`name`);--> statement-breakpoint
CREATE TABLE `allocations` (
	`pool_id` text NOT NULL,
	`partner_id` text NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`pool_id`, `partner_id`),
	FOREIGN KEY (`pool_id`) REFERENCES `pools`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "allocations_quantity_ck" CHECK("allocations"."quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE `pools` (
	`id` text PRIMARY KEY NOT NULL,
	`partner_id` text NOT NULL,
	`service_id` text NOT NULL,
	`channel` text NOT NULL,
	`payment_model` text NOT NULL,
	`payment_option` text NOT NULL,
	`start` text NOT NULL,
	`end` text NOT NULL,
	`quantity` integer,
	`mode` text NOT NULL,
	`distributor_order_id` text,
	`canceled_on` text,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pools_dates_ck" CHECK("pools"."start" <= "pools"."end"),
	CONSTRAINT "pools_quantity_ck" CHECK("pools"."quantity" is null or "pools"."quantity" >= 0)
);
--> statement-breakpoint
CREATE INDEX `pools_partner_service_idx` ON `pools` (`partner_id`,`service_id`);--> statement-breakpoint
CREATE TABLE `assignment_quantities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assignment_id` text NOT NULL,
	`quantity` integer NOT NULL,
	`effective_on` text NOT NULL,
	`reason` text NOT NULL,
	FOREIGN KEY (`assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assignment_quantities_assignment_idx` ON `assignment_quantities` (`assignment_id`,`effective_on`);--> statement-breakpoint
CREATE TABLE `assignments` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`pool_id` text NOT NULL,
	`service_id` text NOT NULL,
	`quantity` integer NOT NULL,
	`assigned_on` text NOT NULL,
	`expires_on` text NOT NULL,
	`ended_on` text,
	`ended_reason` text,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pool_id`) REFERENCES `pools`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "assignments_quantity_ck" CHECK("assignments"."quantity" > 0),
	CONSTRAINT "assignments_dates_ck" CHECK("assignments"."assigned_on" <= "assignments"."expires_on")
);
--> statement-breakpoint
CREATE INDEX `assignments_customer_service_idx` ON `assignments` (`customer_id`,`service_id`);--> statement-breakpoint
CREATE INDEX `assignments_pool_active_idx` ON `assignments` (`pool_id`,`expires_on`,`assigned_on`,`ended_on`,`quantity`,`customer_id`);--> statement-breakpoint
CREATE INDEX `assignments_expires_idx` ON `assignments` (`expires_on`);--> statement-breakpoint
CREATE TABLE `licenses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` text NOT NULL,
	`service_id` text NOT NULL,
	`type` text NOT NULL,
	`start` text NOT NULL,
	`end` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "licenses_dates_ck" CHECK("licenses"."start" <= "licenses"."end")
);
--> statement-breakpoint
CREATE INDEX `licenses_customer_service_idx` ON `licenses` (`customer_id`,`service_id`,`type`,`start`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`service_id` text NOT NULL,
	`started_at` text NOT NULL,
	`status` text NOT NULL,
	`data_gb` real,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `jobs_customer_started_idx` ON `jobs` (`customer_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `jobs_started_idx` ON `jobs` (`started_at`);--> statement-breakpoint
CREATE TABLE `usage` (
	`customer_id` text NOT NULL,
	`service_id` text NOT NULL,
	`date` text NOT NULL,
	`licensed_users` integer,
	`storage_gb` real,
	`objects` integer,
	PRIMARY KEY(`customer_id`, `service_id`, `date`),
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `usage_date_idx` ON `usage` (`date`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partner_id` text,
	`actor_id` text NOT NULL,
	`actor_name` text NOT NULL,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`customer_id` text,
	`before` text,
	`after` text,
	`at` text NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_customer_idx` ON `audit_log` (`customer_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_partner_idx` ON `audit_log` (`partner_id`,`id`);--> statement-breakpoint
CREATE TABLE `domain_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partner_id` text NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`at` text NOT NULL,
	`delivered_at` text,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `domain_events_pending_idx` ON `domain_events` (`delivered_at`,`id`);--> statement-breakpoint
CREATE TABLE `feedback` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partner_id` text NOT NULL,
	`aad_object_id` text NOT NULL,
	`text` text NOT NULL,
	`topic` text,
	`helpful` integer,
	`at` text NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);

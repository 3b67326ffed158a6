CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`partner_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`team_id` text,
	`reference` text NOT NULL,
	`service_url` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`inactive_reason` text,
	`installer_aad_object_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "conversations_kind_ck" CHECK("conversations"."kind" in ('personal', 'channel', 'groupChat'))
);
--> statement-breakpoint
CREATE INDEX `conversations_partner_idx` ON `conversations` (`partner_id`,`active`);--> statement-breakpoint
CREATE INDEX `conversations_team_idx` ON `conversations` (`team_id`);--> statement-breakpoint
CREATE TABLE `notice_digests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conversation_id` text NOT NULL,
	`partner_id` text NOT NULL,
	`source` text NOT NULL,
	`day` text NOT NULL,
	`items` text NOT NULL,
	`created_at` text NOT NULL,
	`activity_id` text,
	`last_error` text,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notice_digests_conversation_idx` ON `notice_digests` (`conversation_id`,`id`);--> statement-breakpoint
CREATE TABLE `notice_snoozes` (
	`conversation_id` text NOT NULL,
	`item_kind` text NOT NULL,
	`item_id` text NOT NULL,
	`until` text NOT NULL,
	`snoozed_by` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notice_snoozes_uq` ON `notice_snoozes` (`conversation_id`,`item_kind`,`item_id`);--> statement-breakpoint
CREATE TABLE `notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conversation_id` text NOT NULL,
	`digest_id` integer NOT NULL,
	`item_kind` text NOT NULL,
	`item_id` text NOT NULL,
	`expires_on` text NOT NULL,
	`threshold` integer NOT NULL,
	`status` text NOT NULL,
	`claimed_at` text NOT NULL,
	`sent_at` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`digest_id`) REFERENCES `notice_digests`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "notices_status_ck" CHECK("notices"."status" in ('claimed', 'sent', 'dropped', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notices_key_uq` ON `notices` (`item_kind`,`item_id`,`expires_on`,`threshold`,`conversation_id`);--> statement-breakpoint
CREATE INDEX `notices_status_idx` ON `notices` (`status`,`digest_id`);--> statement-breakpoint
CREATE INDEX `notices_digest_idx` ON `notices` (`digest_id`);--> statement-breakpoint
CREATE TABLE `notification_settings` (
	`conversation_id` text PRIMARY KEY NOT NULL,
	`enabled` integer NOT NULL,
	`thresholds` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `notify_leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notify_sweeps` (
	`time_zone` text PRIMARY KEY NOT NULL,
	`last_run_at` text NOT NULL
);

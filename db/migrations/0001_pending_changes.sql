CREATE TABLE `pending_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`partner_id` text NOT NULL,
	`requested_by` text NOT NULL,
	`verb` text NOT NULL,
	`input` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`outcome` text,
	`decided_at` text,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pending_changes_partner_idx` ON `pending_changes` (`partner_id`,`status`);
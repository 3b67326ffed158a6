DROP INDEX `usage_date_idx`;--> statement-breakpoint
CREATE INDEX `usage_date_storage_idx` ON `usage` (`date`,`customer_id`,`service_id`,`storage_gb`);--> statement-breakpoint
CREATE INDEX `jobs_service_status_started_idx` ON `jobs` (`service_id`,`status`,`started_at`,`customer_id`);
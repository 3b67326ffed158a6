CREATE TABLE `change_counters` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO `change_counters` (`name`, `value`) VALUES ('customer_names', 0);
--> statement-breakpoint
CREATE TRIGGER `customers_names_inserted` AFTER INSERT ON `customers` BEGIN
	UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'customer_names';
END;
--> statement-breakpoint
CREATE TRIGGER `customers_names_deleted` AFTER DELETE ON `customers` BEGIN
	UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'customer_names';
END;
--> statement-breakpoint
CREATE TRIGGER `customers_names_changed` AFTER UPDATE OF `id`, `partner_id`, `name` ON `customers` BEGIN
	UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'customer_names';
END;

/**
 * `npm start`: migrates the database, loads the demo data when it is empty, and reports ready.
 * The Bot Framework endpoint is built in bot/server.ts (issue 5).
 */
import { prepareDatabase } from "./startup";

const path = process.env.DATABASE_PATH ?? "./data/licensing.db";
const clock = () => new Date();
const { db, demo } = prepareDatabase(path, clock);
if (demo.length > 0) console.log(`Loaded the demo data into ${path}:\n  ${demo.join("\n  ")}`);
console.log(`Ready: database ${path} is migrated.`);
db.$client.close();

/**
 * `npm run spec:facts`: rewrites test/fixtures/spec-facts.json from `../shared` (the spec's rule
 * IDs and command table, the numbers and links of the source document), for the tests that must
 * also run on a clean clone. Run it after the spec or the source changes; commit the fixture.
 */
import { writeFileSync } from "node:fs";
import { FIXTURE, SHARED_DIR, sharedFacts } from "../test/support/spec-facts";

const facts = sharedFacts();
if (!facts) {
  process.stderr.write(`No spec at ${SHARED_DIR}: nothing to read the facts from.\n`);
  process.exit(1);
}
writeFileSync(FIXTURE, `${JSON.stringify(facts, null, 2)}\n`);
console.log(`${FIXTURE}: ${facts.ruleIds.length} rule IDs, ${facts.commands.length} commands, ${facts.sourceFacts.length} numbers and links`);

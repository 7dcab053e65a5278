// Lints APL documents with apl-suggester, Alexa's own APL validator:
// prints each finding and exits 1 when there is any.
"use strict";
const fs = require("fs");
const { StaticAplTemplateValidator } = require("apl-suggester");

async function main(files) {
  let findings = 0;
  const quiet = { log: console.log, warn: console.warn, info: console.info };
  for (const file of files) {
    const document = JSON.parse(fs.readFileSync(file, "utf8"));
    // The validator logs "No mixin for component" for imported layouts it
    // cannot see into; those lines are no finding.
    console.log = console.warn = console.info = () => {};
    const results = await new StaticAplTemplateValidator().validate(document);
    Object.assign(console, quiet);
    for (const r of results) {
      console.log(`${file}: ${r.level} ${r.path} ${r.errorMessage}`);
      findings += 1;
    }
  }
  console.log(`checked ${files.length} documents, ${findings} findings`);
  process.exit(findings ? 1 : 0);
}

main(process.argv.slice(2));

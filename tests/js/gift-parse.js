// Parse GIFT from standard input with gift-pegjs (an independent GIFT parser) and print the
// parsed questions as JSON; on a syntax error print {"error": ..., "line": ...} and exit 1.
"use strict";
const { parse } = require("gift-pegjs");

let text = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { text += chunk; });
process.stdin.on("end", () => {
  try {
    process.stdout.write(JSON.stringify(parse(text)));
  } catch (error) {
    const where = error.location ? error.location.start.line : null;
    process.stdout.write(JSON.stringify({ error: String(error.message), line: where }));
    process.exitCode = 1;
  }
});

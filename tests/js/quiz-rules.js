// Run the site quiz script's rules on cases from tests/test_quiz_static.py: reads JSON on stdin
// ({rules, cases: [{question, answer, wrong}]}), writes the results as JSON on stdout.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const script = fs.readFileSync(process.argv[2], "utf-8");
const input = JSON.parse(fs.readFileSync(0, "utf-8"));
const sandbox = {
  window: {},
  document: { readyState: "complete", querySelectorAll: () => [] },
  TextEncoder,
};
vm.createContext(sandbox);
vm.runInContext(script, sandbox, { filename: path.basename(process.argv[2]) });
const quiz = sandbox.window.coursekitQuiz;
quiz.useRules(input.rules);
const out = input.cases.map((c) => {
  const result = quiz.grade(c.question, c.answer);
  const notes = quiz.notesFor(c.question, c.answer);
  const reply = quiz.respond(c.question, { result, notes, wrong: c.wrong, revealed: false });
  return { correct: result.correct, detail: result.detail || "", notes, reply };
});
process.stdout.write(JSON.stringify(out));

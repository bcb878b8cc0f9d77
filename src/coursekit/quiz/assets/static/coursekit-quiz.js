/* coursekit quizzes on the static site: check answers, show feedback and the score, no kernel.
   Reads the markup and the JSON answer key written by coursekit.quiz.static. Author text is only
   ever set with textContent. Progress is kept in localStorage when the browser allows it. */
(function () {
  "use strict";

  var STORE = "coursekit-quiz:";

  function parseNumber(text) {
    var cleaned = String(text || "").replace(/[\s,]/g, "").replace(/\u2212/g, "-");
    if (!cleaned) { return { error: "Type a number first." }; }
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(cleaned)) {
      return { error: "\u2018" + String(text).trim() + "\u2019 is not a number." };
    }
    return { value: parseFloat(cleaned) };
  }

  function sameSet(a, b) {
    if (a.length !== b.length) { return false; }
    var sorted = b.slice().sort();
    return a.slice().sort().every(function (v, i) { return v === sorted[i]; });
  }

  /* Read what the student entered: {answer} or {error}. Answers are input values. */
  function readAnswer(el, q) {
    var inputs, values;
    if (q.type === "single" || q.type === "true-false" || q.type === "multiple") {
      inputs = el.querySelectorAll("input");
      values = [];
      inputs.forEach(function (i) { if (i.checked) { values.push(i.value); } });
      if (!values.length) {
        return { error: q.type === "multiple" ? "Select at least one option first." :
          q.type === "true-false" ? "Choose True or False first." : "Choose an answer first." };
      }
      return { answer: q.type === "multiple" ? values : values[0] };
    }
    if (q.type === "numeric") {
      var raw = el.querySelector("input").value;
      var parsed = parseNumber(raw);
      return parsed.error ? parsed : { answer: raw };
    }
    values = [];
    el.querySelectorAll("select").forEach(function (s) { values[+s.dataset.row] = s.value; });
    if (values.some(function (v) { return v === ""; })) {
      return { error: q.type === "ordering" ? "Give each item its own position first." :
        "Choose a match for every item first." };
    }
    if (q.type === "ordering" && new Set(values).size !== values.length) {
      return { error: "Give each item its own position first." };
    }
    return { answer: values };
  }

  /* Grade an answer: {correct, detail}. Mirrors Question.grade in coursekit.quiz.model. */
  function grade(q, answer) {
    var right, n;
    switch (q.type) {
      case "single": return { correct: +answer === q.answer };
      case "true-false": return { correct: (answer === "true") === q.answer };
      case "multiple": {
        var chosen = answer.map(Number);
        if (sameSet(chosen, q.answers)) { return { correct: true }; }
        right = chosen.filter(function (v) { return q.answers.indexOf(v) >= 0; }).length;
        return { correct: false, detail: right + " of your " + chosen.length + " choices are correct, " +
          "and the question has " + q.answers.length + " correct options." };
      }
      case "numeric":
        return { correct: Math.abs(parseNumber(answer).value - q.answer) <= q.tolerance + 1e-9 };
      case "ordering":
        n = q.count;
        right = answer.filter(function (pos, row) { return +pos === row + 1; }).length;
        return right === n ? { correct: true } :
          { correct: false, detail: right + " of " + n + " items are in the right place." };
      case "matching":
        n = q.answers.length;
        right = answer.filter(function (v, row) { return +v === q.answers[row]; }).length;
        return right === n ? { correct: true } :
          { correct: false, detail: right + " of " + n + " matches are right." };
    }
    return { correct: false };
  }

  function setAnswer(el, q, answer) {
    if (q.type === "numeric") { el.querySelector("input").value = answer; return; }
    if (q.type === "ordering" || q.type === "matching") {
      el.querySelectorAll("select").forEach(function (s) { s.value = answer[+s.dataset.row] || ""; });
      return;
    }
    var wanted = [].concat(answer);
    el.querySelectorAll("input").forEach(function (i) { i.checked = wanted.indexOf(i.value) >= 0; });
  }

  function para(parent, text, cls) {
    var p = document.createElement("p");
    if (cls) { p.className = cls; }
    p.textContent = text;
    parent.appendChild(p);
    return p;
  }

  function showFeedback(el, q, result) {
    var box = el.querySelector(".ck-q__feedback");
    box.textContent = "";
    el.classList.remove("ck-q--right", "ck-q--wrong");
    if (result.error) { para(box, result.error, "ck-q__verdict"); return; }
    el.classList.add(result.correct ? "ck-q--right" : "ck-q--wrong");
    var verdict = para(box, "", "ck-q__verdict");
    var strong = document.createElement("strong");
    strong.textContent = result.correct ? "Correct." : "Not quite.";
    verdict.appendChild(strong);
    if (result.detail) { verdict.appendChild(document.createTextNode(" " + result.detail)); }
    para(box, q.feedback, "ck-q__explanation");
    para(box, "Source: " + q.source, "ck-q__source");
  }

  function load(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "{}") || {}; } catch (e) { return {}; }
  }

  function save(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }

  function setup(root) {
    var data = JSON.parse(root.querySelector("script.ck-quiz__data").textContent);
    var key = STORE + data.quiz;
    var saved = load(key);
    var results = {};
    var score = root.querySelector(".ck-quiz__score");
    var summary = root.querySelector(".ck-quiz__summary");
    var total = data.questions.length;
    root.classList.add("ck-quiz--ready");

    function update() {
      var answered = 0, right = 0, missed = [];
      data.questions.forEach(function (q, i) {
        if (q.id in results) {
          answered += 1;
          if (results[q.id]) { right += 1; } else { missed.push(String(i + 1)); }
        }
      });
      score.textContent = "Score: " + right + " of " + total + " correct (" + answered + " answered)";
      summary.textContent = answered < total ? "" : "All " + total + " questions answered: " + right +
        " correct." + (missed.length ? " To review: question" + (missed.length > 1 ? "s " : " ") +
        missed.join(", ") + "." : " Well done.");
    }

    data.questions.forEach(function (q) {
      var el = document.getElementById(q.element);
      function check() {
        var read = readAnswer(el, q);
        if (read.error) { showFeedback(el, q, read); return; }
        var result = grade(q, read.answer);
        results[q.id] = result.correct;
        saved[q.id] = { answer: read.answer, correct: result.correct };
        save(key, saved);
        showFeedback(el, q, result);
        update();
      }
      el.querySelector(".ck-q__check").addEventListener("click", check);
      el.querySelectorAll("input[type=text]").forEach(function (input) {
        input.addEventListener("keydown", function (event) {
          if (event.key === "Enter") { event.preventDefault(); check(); }
        });
      });
      if (saved[q.id] && saved[q.id].answer !== undefined) {
        setAnswer(el, q, saved[q.id].answer);
        var read = readAnswer(el, q);
        if (!read.error) {
          var result = grade(q, read.answer);
          results[q.id] = result.correct;
          showFeedback(el, q, result);
        }
      }
    });

    root.querySelector(".ck-quiz__restart").addEventListener("click", function () {
      data.questions.forEach(function (q) {
        var el = document.getElementById(q.element);
        el.querySelectorAll("input[type=text]").forEach(function (i) { i.value = ""; });
        el.querySelectorAll("input[type=radio], input[type=checkbox]").forEach(function (i) {
          i.checked = false;
        });
        el.querySelectorAll("select").forEach(function (s) { s.value = ""; });
        el.querySelector(".ck-q__feedback").textContent = "";
        el.classList.remove("ck-q--right", "ck-q--wrong");
      });
      results = {};
      saved = {};
      save(key, saved);
      update();
      var first = root.querySelector("input, select");
      if (first) { first.focus(); }
    });
    update();
  }

  function init() {
    document.querySelectorAll("section.ck-quiz").forEach(function (root) {
      try { setup(root); } catch (e) {
        if (window.console) { window.console.error("coursekit quiz " + root.id + ": " + e); }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());

/* coursekit quizzes on the static site: check answers, show feedback and the score, no kernel.
   Reads the markup and the JSON answer key written by coursekit.quiz.static. Author text is only
   ever set with textContent. Progress is kept in localStorage when the browser allows it. */
(function () {
  "use strict";

  var STORE = "coursekit-quiz:";
  var SEED = STORE + "seed";
  /* Every message and the reveal rule come from the page (coursekit.quiz.rules), not from here. */
  var rules = { messages: {}, reveal_after: 2 };

  function msg(name, values) {
    return String(rules.messages[name]).replace(/\{([a-z_]+)\}/g, function (all, field) {
      return String(values[field]);
    });
  }

  function parseNumber(text) {
    var cleaned = String(text || "").replace(/[\s,]/g, "").replace(/\u2212/g, "-");
    if (!cleaned) { return { error: msg("type_number", {}) }; }
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(cleaned)) {
      return { error: msg("not_a_number", { text: String(text).trim() }) };
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
        return { error: msg(q.type === "multiple" ? "choose_some" :
          q.type === "true-false" ? "choose_true_false" : "choose_one", {}) };
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
    var incomplete = values.some(function (v) { return v === ""; }) ||
      (q.type === "ordering" && new Set(values).size !== values.length);
    if (incomplete) { return { error: msg(q.type === "ordering" ? "give_positions" : "choose_matches", {}) }; }
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
        return { correct: false, detail: msg("close_multiple",
          { right: right, chosen: chosen.length, total: q.answers.length }) };
      }
      case "numeric":
        return { correct: Math.abs(parseNumber(answer).value - q.answer) <= q.tolerance + 1e-9 };
      case "ordering":
        n = q.count;
        right = answer.filter(function (pos, row) { return +pos === row + 1; }).length;
        return right === n ? { correct: true } :
          { correct: false, detail: msg("close_ordering", { right: right, total: n }) };
      case "matching":
        n = q.answers.length;
        right = answer.filter(function (v, row) { return +v === q.answers[row]; }).length;
        return right === n ? { correct: true } :
          { correct: false, detail: msg("close_matching", { right: right, total: n }) };
    }
    return { correct: false };
  }

  /* The chosen wrong options' own feedback (the page carries no other). */
  function notesFor(q, answer) {
    if (!q.notes) { return []; }
    var chosen = [].concat(answer);
    return Object.keys(q.notes).filter(function (v) { return chosen.indexOf(v) >= 0; })
      .sort(function (a, b) { return a === b ? 0 : (+a < +b ? -1 : 1); })
      .map(function (v) { return q.notes[v]; });
  }

  /* Practice mode, as coursekit.quiz.rules.respond: what a question shows after a check. */
  function respond(q, state) {
    var correct = state.result ? state.result.correct : null;
    var shown = state.revealed || correct === true || state.wrong >= rules.reveal_after;
    return {
      verdict: correct === null ? "" : msg(correct ? "right" : "wrong", {}),
      correct: correct,
      detail: correct || !state.result ? "" : (state.result.detail || ""),
      notes: correct ? [] : (state.notes || []),
      nudge: shown ? "" : msg("nudge", {}),
      answer: shown && !correct ? msg("answer_is", { answer: q.shown }) : "",
      explanation: shown ? q.feedback : "",
      source: shown ? msg("source", { source: q.source }) : "",
      canReveal: !shown
    };
  }

  /* Question pools: the same 32-bit FNV-1a hash of "seed\0bank\0question" as
     coursekit.quiz.model.draw, so a seed draws the same questions in the kernel and here. */
  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i += 1) {
      h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  function draw(seed, bank, pool) {
    var ranked = pool.questions.map(function (qid) {
      return { qid: qid, h: fnv1a(seed + "\u0000" + bank + "\u0000" + qid) };
    }).sort(function (a, b) { return a.h - b.h || (a.qid < b.qid ? -1 : a.qid > b.qid ? 1 : 0); });
    var chosen = ranked.slice(0, pool.draw).map(function (r) { return r.qid; });
    return pool.questions.filter(function (qid) { return chosen.indexOf(qid) >= 0; });
  }

  function readerSeed() {
    try {
      var seed = window.localStorage.getItem(SEED);
      if (!seed) {
        var bytes = new Uint32Array(2);
        window.crypto.getRandomValues(bytes);
        seed = bytes[0].toString(16) + bytes[1].toString(16);
        window.localStorage.setItem(SEED, seed);
      }
      return seed;
    } catch (e) { return "0"; }  /* no storage: every reader of this browser gets the same draw */
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

  function showError(el, text) {
    var box = el.querySelector(".ck-q__feedback");
    box.textContent = "";
    para(box, text, "ck-q__verdict");
  }

  function showReply(el, q, state) {
    var box = el.querySelector(".ck-q__feedback");
    var reply = respond(q, state);
    box.textContent = "";
    el.classList.remove("ck-q--right", "ck-q--wrong");
    if (reply.correct !== null) { el.classList.add(reply.correct ? "ck-q--right" : "ck-q--wrong"); }
    if (reply.verdict) {
      var verdict = para(box, "", "ck-q__verdict");
      var strong = document.createElement("strong");
      strong.textContent = reply.verdict;
      verdict.appendChild(strong);
      if (reply.detail) { verdict.appendChild(document.createTextNode(" " + reply.detail)); }
    }
    reply.notes.forEach(function (note) { para(box, note, "ck-q__note"); });
    if (reply.nudge) { para(box, reply.nudge, "ck-q__nudge"); }
    if (reply.answer) { para(box, reply.answer, "ck-q__answer"); }
    if (reply.explanation) {
      para(box, reply.explanation, "ck-q__explanation");
      para(box, reply.source, "ck-q__source");
    }
    el.querySelector(".ck-q__reveal").hidden = !reply.canReveal;
  }

  function load(key) {
    /* saved progress that is not a plain object (edited by hand: 5, "text", [1, 2]) is ignored */
    var value;
    try { value = JSON.parse(window.localStorage.getItem(key) || "{}"); } catch (e) { return {}; }
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  }

  function save(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }

  function setup(root) {
    var data = JSON.parse(root.querySelector("script.ck-quiz__data").textContent);
    rules = data.rules;
    var key = STORE + data.quiz;
    var saved = load(key);
    var states = {};
    var score = root.querySelector(".ck-quiz__score");
    var summary = root.querySelector(".ck-quiz__summary");
    var questions = data.questions;
    if (data.pools.length) {
      var seed = readerSeed(), pooled = {}, chosen = {};
      data.pools.forEach(function (pool) {
        pool.questions.forEach(function (qid) { pooled[qid] = true; });
        draw(seed, data.quiz, pool).forEach(function (qid) { chosen[qid] = true; });
      });
      questions = data.questions.filter(function (q) { return !pooled[q.id] || chosen[q.id]; });
      data.questions.forEach(function (q) {
        document.getElementById(q.element).hidden = questions.indexOf(q) < 0;
      });
      saved._drawn = { seed: seed, questions: questions.map(function (q) { return q.id; }) };
      save(key, saved);
    }
    var total = questions.length;
    root.classList.add("ck-quiz--ready");

    function update() {
      var answered = 0, right = 0, missed = [];
      questions.forEach(function (q, i) {
        var st = states[q.id];
        if (st && st.result) {
          answered += 1;
          if (st.result.correct) { right += 1; } else { missed.push(i + 1); }
        }
      });
      score.textContent = msg("score", { right: right, total: total, answered: answered });
      var tail = missed.length ? msg(missed.length > 1 ? "review_many" : "review_one",
        { numbers: missed.join(", ") }) : msg("well_done", {});
      summary.textContent = answered < total ? "" : msg("summary", { total: total, right: right }) + " " + tail;
    }

    function remember(q) {
      var st = states[q.id];
      saved[q.id] = { answer: st.answer, correct: st.result ? st.result.correct : null,
        wrong: st.wrong, revealed: st.revealed };
      save(key, saved);
    }

    questions.forEach(function (q, i) {
      var el = document.getElementById(q.element);
      var number = i + 1;
      el.querySelector(".ck-q__number").textContent = msg("question_number", { number: number });
      el.querySelector(".ck-q__check").setAttribute("aria-label", msg("check_label", { number: number }));
      el.querySelector(".ck-q__reveal").setAttribute("aria-label", msg("show_answer_label", { number: number }));
      states[q.id] = { wrong: 0, revealed: false, result: null, notes: [] };
      function check() {
        var read = readAnswer(el, q);
        if (read.error) { showError(el, read.error); return; }
        var st = states[q.id];
        st.result = grade(q, read.answer);
        st.answer = read.answer;
        st.notes = notesFor(q, read.answer);
        if (!st.result.correct) { st.wrong += 1; }
        remember(q);
        showReply(el, q, st);
        update();
      }
      el.querySelector(".ck-q__check").addEventListener("click", check);
      el.querySelector(".ck-q__reveal").addEventListener("click", function () {
        var st = states[q.id];
        st.revealed = true;
        remember(q);
        showReply(el, q, st);
        el.querySelector(".ck-q__check").focus();  /* Show answer is gone: keep focus here */
        update();
      });
      el.querySelectorAll("input[type=text]").forEach(function (input) {
        input.addEventListener("keydown", function (event) {
          if (event.key === "Enter") { event.preventDefault(); check(); }
        });
      });
      var entry = saved[q.id];
      if (entry && typeof entry === "object") {
        var st = states[q.id];
        st.wrong = +entry.wrong || 0;
        st.revealed = !!entry.revealed;
        if (entry.answer !== undefined && entry.answer !== null) {
          setAnswer(el, q, entry.answer);
          var read = readAnswer(el, q);
          if (!read.error) {
            st.answer = read.answer;
            st.result = grade(q, read.answer);
            st.notes = notesFor(q, read.answer);
          }
        }
        if (st.result || st.revealed) { showReply(el, q, st); }
      }
    });

    root.querySelector(".ck-quiz__restart").addEventListener("click", function () {
      questions.forEach(function (q) {
        var el = document.getElementById(q.element);
        el.querySelectorAll("input[type=text]").forEach(function (i) { i.value = ""; });
        el.querySelectorAll("input[type=radio], input[type=checkbox]").forEach(function (i) {
          i.checked = false;
        });
        el.querySelectorAll("select").forEach(function (s) { s.value = ""; });
        el.querySelector(".ck-q__feedback").textContent = "";
        el.querySelector(".ck-q__reveal").hidden = false;
        el.classList.remove("ck-q--right", "ck-q--wrong");
        states[q.id] = { wrong: 0, revealed: false, result: null, notes: [] };
      });
      saved = saved._drawn ? { _drawn: saved._drawn } : {};
      save(key, saved);
      update();
      var first = root.querySelector(".ck-q:not([hidden]) input, .ck-q:not([hidden]) select");
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

  /* The rules, for tests that hold them against the Python model (tests/test_quiz_static.py). */
  window.coursekitQuiz = {
    grade: grade, notesFor: notesFor, respond: respond, draw: draw,
    useRules: function (given) { rules = given; }
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());

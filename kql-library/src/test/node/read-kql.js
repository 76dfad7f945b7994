// Reads KQL queries with Microsoft's official Kusto.Language parser (@kusto/language-service-next) and prints what
// the differential test compares with the guard's own reading. Test-only; never used at run time.
// Input (stdin): a JSON array of query strings. Output (stdout): a JSON array, one object per query:
//   errors     the number of syntax errors the parser reports
//   runs       [start, end) of each run of code characters (tokens not separated by whitespace or comments)
//   strings    [start, end) of each string literal
//   comments   [start, end) of each // comment
//   operators  the first word of each query operator (where, join, evaluate, ...), in text order
//   calls      the name of each function or plugin call, in text order
//   tables     names used as a tabular source (pipeline start, union/join/lookup operand), let names excluded
'use strict';
require('@kusto/language-service-next/bridge.min.js');
require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');

const K = Kusto.Language;
const SK = K.Syntax.SyntaxKind;
const kindName = {};
for (const k of Object.keys(SK)) {
  if (typeof SK[k] === 'number') kindName[SK[k]] = k;
}
const LINE_END = /[\n\r\u2028\u2029]/;

function read(query) {
  const code = K.KustoCode.Parse(query);
  const runs = [], strings = [], comments = [];
  let runStart = -1, runEnd = -1;
  for (let t = code.Syntax.GetFirstToken(); t; t = t.GetNextToken()) {
    const trivia = t.Trivia || '';
    const triviaStart = t.TextStart - trivia.length;
    for (let i = trivia.indexOf('//'); i >= 0; ) {
      const rest = trivia.substring(i);
      const m = LINE_END.exec(rest);
      const end = m ? i + m.index : trivia.length;
      comments.push([triviaStart + i, triviaStart + end]);
      i = trivia.indexOf('//', end);
    }
    if (t.Kind === SK.EndOfTextToken) break;
    if (t.Text.length === 0) continue;
    if (t.Kind === SK.StringLiteralToken) strings.push([t.TextStart, t.TextStart + t.Text.length]);
    if (trivia.length === 0 && runEnd === t.TextStart) {
      runEnd = t.TextStart + t.Text.length;
    } else {
      if (runStart >= 0) runs.push([runStart, runEnd]);
      runStart = t.TextStart;
      runEnd = t.TextStart + t.Text.length;
    }
  }
  if (runStart >= 0) runs.push([runStart, runEnd]);

  const operators = [], calls = [], sources = [], letNames = new Set();
  K.Syntax.SyntaxElement.WalkNodes(code.Syntax, n => {
    const kind = kindName[n.Kind];
    if (Bridge.is(n, K.Syntax.QueryOperator)) {
      const first = n.GetFirstToken();
      if (first) operators.push([first.TextStart, first.Text]);
    } else if (kind === 'FunctionCallExpression') {
      const first = n.Name ? n.Name.GetFirstToken() : null;
      if (first) calls.push([n.TextStart, first.Text === '[' ? n.Name.ToString().trim() : n.Name.SimpleName]);
    } else if (kind === 'LetStatement' || kind === 'FunctionParameter' || kind === 'NameDeclaration') {
      if (kind === 'NameDeclaration') letNames.add(n.SimpleName);
    } else if (kind === 'NameReference' && n.SimpleName && isTabularSource(n)) {
      sources.push([n.TextStart, n.SimpleName]);
    }
  });
  const byPosition = (a, b) => a[0] - b[0];
  return {
    errors: Bridge.toArray(code.GetDiagnostics()).filter(d => d.Severity === 'Error').length,
    runs, strings, comments,
    operators: operators.sort(byPosition).map(x => x[1]),
    calls: calls.sort(byPosition).map(x => x[1]),
    tables: [...new Set(sources.sort(byPosition).map(x => x[1]).filter(name => !letNames.has(name)))],
  };
}

/** A name is a tabular source when it starts a pipeline or is a whole operand of a statement, union, join or lookup. */
function isTabularSource(node) {
  let child = node;
  let parent = node.Parent;
  while (parent) {
    const kind = kindName[parent.Kind];
    if (kind === 'PipeExpression') return parent.Expression === child;
    if (kind === 'ExpressionStatement' || kind === 'LetStatement' || kind === 'UnionOperator'
        || kind === 'JoinOperator' || kind === 'LookupOperator') return true;
    if (kind === 'ExpressionList') {
      // A lone operand of in (...) may be a table: x in (T).
      return kindName[parent.Parent.Kind] === 'InExpression' && parent.Expressions.Count === 1;
    }
    if (kind !== 'ParenthesizedExpression' && kind !== 'SeparatedElement' && kind !== 'List') return false;
    child = parent;
    parent = parent.Parent;
  }
  return false;
}

const chunks = [];
process.stdin.on('data', c => chunks.push(c));
process.stdin.on('end', () => {
  const queries = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  process.stdout.write(JSON.stringify(queries.map(q => {
    try {
      return read(q);
    } catch (e) {
      return {crash: String(e && e.stack || e)};
    }
  })));
});

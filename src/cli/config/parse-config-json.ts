/** Config text → value, with malformed or truncated JSON reported at its line and column. */
import { ConfigError } from '../../core/config-error.js';

/** Parses JSON config text. `source` names where it came from (a path or "stdin") for the message. */
export function parseConfigJson(text: string, source: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a BOM is not JSON, editors add it
  try {
    return JSON.parse(body);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const { position, problem } = locateJsonError(body) ?? { position: 0, problem: error.message };
    const { line, column } = lineAndColumn(body, position);
    const excerpt = body.slice(Math.max(0, position - 20), position + 20).replace(/\s+/g, ' ');
    throw new ConfigError(
      `${source} (line ${line}, column ${column})`,
      excerpt,
      `Invalid JSON: ${problem}. Fix the file there (JSON has no NaN/Infinity, comments or trailing commas).`,
    );
  }
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++)
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  return { line, column: position - lineStart + 1 };
}

class JsonSyntaxProblem extends Error {
  constructor(
    readonly position: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/** A strict JSON recogniser used only after JSON.parse failed, because V8's messages do not always
 *  carry a position. Returns where the first syntax error is and what was expected there, or
 *  undefined when the text is valid JSON. */
export function locateJsonError(text: string): { position: number; problem: string } | undefined {
  let i = 0;
  const fail = (problem: string): never => {
    throw new JsonSyntaxProblem(i, i >= text.length ? `the text ends early (truncated?): ${problem}` : `${problem}, found ${JSON.stringify(text[i])}`);
  };
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail(`expected "${word}"`);
      i++;
    }
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('expected a closing \'"\'');
      const ch = text[i];
      if (ch === '"') return void i++;
      if (ch === '\\') {
        i++;
        if (text[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail('expected 4 hex digits after \\u');
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail('expected a valid escape');
        i++;
        continue;
      }
      if (ch < ' ') fail('expected no raw control character inside a string');
      i++;
    }
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail('expected a number');
    i += match![0].length;
  };
  const value = (): void => {
    skipSpace();
    const ch = text[i];
    if (ch === '{') {
      i++;
      skipSpace();
      if (text[i] === '}') return void i++;
      for (;;) {
        skipSpace();
        if (text[i] !== '"') fail('expected a double-quoted property name');
        string();
        skipSpace();
        if (text[i] !== ':') fail("expected ':' after the property name");
        i++;
        value();
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') return void i++;
        fail("expected ',' or '}' after a property value");
      }
    }
    if (ch === '[') {
      i++;
      skipSpace();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') return void i++;
        fail("expected ',' or ']' after an array element");
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    if (ch === '-' || (ch >= '0' && ch <= '9')) return number();
    fail('expected a value (object, array, string, number, true, false or null)');
  };
  try {
    value();
    skipSpace();
    if (i < text.length) fail('expected nothing after the end of the JSON value');
    return undefined;
  } catch (error) {
    if (error instanceof JsonSyntaxProblem) return { position: error.position, problem: error.problem };
    throw error;
  }
}

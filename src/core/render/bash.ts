/**
 * The one renderer for bash text. Every value that reaches a command line, a here-document or a comment
 * goes through a function here, so a value is data to bash whatever it holds: words are single-quoted,
 * here-documents have a quoted delimiter that no line of the body equals, and comments hold values only
 * JSON-quoted on one line. Pure: the docs site bundles it.
 */
import { unpairedSurrogate } from './text';

/**
 * Refuses what a script cannot hold as written: NUL (bash would cut the value short) and unpaired
 * surrogates (the file would hold U+FFFD instead).
 */
function refuseUnwritable(value: string, what: string): void {
  if (value.includes('\u0000')) throw new Error(`bash renderer: ${what} contains a NUL character`);
  if (unpairedSurrogate(value) !== undefined) {
    throw new Error(`bash renderer: ${what} contains an unpaired surrogate, which no UTF-8 script can hold`);
  }
}

/**
 * A value as one bash word: bare when it has only characters bash never treats specially (letters,
 * digits and `@ % + = : , . / _ -`), else single-quoted with each `'` written as `'"'"'`. Nothing inside
 * single quotes is expanded.
 */
export function bashWord(value: string): string {
  refuseUnwritable(value, 'a value');
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'"'"'`)}'`;
}

/**
 * A value shown inside a `#` comment: JSON-quoted, so a line break, a control character or a quote in it
 * cannot end the comment line (JSON escapes them all as `\n`, `\u0000`...).
 */
export function bashCommentValue(value: string): string {
  return JSON.stringify(value).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** A comment line; refuses text that would end the line early (the caller passes values through bashCommentValue). */
export function bashComment(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\r\n\u0000]/.test(text)) throw new Error('bash renderer: a comment must be one line');
  return `# ${text}`;
}

/** A here-document delimiter that no line of `body` equals. */
function heredocDelimiter(body: string): string {
  const lines = new Set(body.split('\n'));
  let delimiter = 'EOF';
  for (let n = 1; lines.has(delimiter); n++) delimiter = `EOF_${n}`;
  return delimiter;
}

/**
 * `cat > file <<'EOF'` with `body` written verbatim: the delimiter is quoted, so bash expands nothing in
 * the body, and it is chosen so that no line of the body ends the document early.
 */
export function bashWriteFile(file: string, body: string): string {
  refuseUnwritable(body, 'a file body');
  const delimiter = heredocDelimiter(body);
  return `cat > ${bashWord(file)} <<'${delimiter}'\n${body}\n${delimiter}`;
}

/** A reference to a shell variable inside a rendered document (see bashWriteJsonWithVariables). */
export interface ShellVariable {
  /** The variable's name, e.g. `ACCOUNT_ID`. */
  readonly name: string;
  /** The string that stands for it in the document before rendering. */
  readonly marker: string;
}

/** A marker no valid value contains (NUL is refused by validation and by this renderer). */
export function shellVariable(name: string): ShellVariable {
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) throw new Error(`bash renderer: bad variable name ${name}`);
  return { name, marker: `\u0000${name}\u0000` };
}

/**
 * Writes a JSON document in which some strings hold shell variables (values known only when the script
 * runs, such as the account ID): the JSON text is single-quoted and each variable is spliced in as
 * `"${NAME}"`, so only those variables are expanded and nothing else in the document is. The variables'
 * values must be JSON-safe (the script checks them before use).
 */
export function bashWriteJsonWithVariables(
  file: string,
  document: unknown,
  variables: readonly ShellVariable[],
): string {
  const json = JSON.stringify(document, null, 2);
  const byMarker = new Map(variables.map((v) => [JSON.stringify(v.marker).slice(1, -1), v.name]));
  const markerPattern = /\\u0000([A-Z_][A-Z0-9_]*)\\u0000/g;
  // Every NUL left in the JSON text after the markers are taken out would be a value's own NUL.
  const withoutMarkers = json.replace(markerPattern, (m) => (byMarker.has(m) ? '' : m));
  if (withoutMarkers.includes('\\u0000')) throw new Error('bash renderer: a value contains a NUL character');
  const parts = json.split(markerPattern);
  // split with one capture group: even indexes are JSON text, odd ones variable names.
  const words = parts.map((part, i) =>
    i % 2 === 0 ? (part === '' ? '' : `'${part.replace(/'/g, `'"'"'`)}'`) : `"\${${part}}"`,
  );
  return `printf '%s\\n' ${words.join('')} > ${bashWord(file)}`;
}

/**
 * Generates Kindling's SQL lexer and parser from Spark's own ANTLR grammar
 * (engine/sql/catalyst/parser/grammar/SqlBase*.g4, Apache License 2.0, kept
 * byte for byte as Spark ships them) with antlr-ng, the TypeScript port of
 * the ANTLR tool: no Java needed.
 *
 * Spark's grammar carries Java in its `@members` blocks and in a few
 * predicates and actions. Before generating, this script swaps each
 * `@members` block for the same members written in TypeScript and prefixes
 * the members named in predicates and actions with `this.`; the rules are
 * untouched. The output goes to engine/sql/catalyst/parser/generated/ and is
 * committed, so builds and tests need no generation step.
 *
 *     npx tsx scripts/generate-sql-parser.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const grammarDir = join(root, 'engine/sql/catalyst/parser/grammar');
const outDir = join(root, 'engine/sql/catalyst/parser/generated');

/** The lexer's members: Spark's, in TypeScript. The char stream is upper-cased (see upper-case-stream.ts). */
const LEXER_MEMBERS = `@members {
  public has_unclosed_bracketed_comment = false;
  public complex_type_level_counter = 0;
  public isValidDecimal(): boolean {
    const next = this.inputStream.LA(1);
    return !((next >= 65 && next <= 90) || (next >= 48 && next <= 57) || next === 95);
  }
  public isHint(): boolean {
    return this.inputStream.LA(1) === 43;
  }
  public markUnclosedComment(): void {
    this.has_unclosed_bracketed_comment = true;
  }
  public incComplexTypeLevelCounter(): void {
    this.complex_type_level_counter++;
  }
  public decComplexTypeLevelCounter(): void {
    if (this.complex_type_level_counter > 0) this.complex_type_level_counter--;
  }
  public isShiftRightOperator(): boolean {
    return this.complex_type_level_counter === 0;
  }
}`;

/** The parser's members: Spark 4's defaults (spark.sql.ansi... settings that change parsing stay off). */
const PARSER_MEMBERS = `@members {
  public legacy_setops_precedence_enabled = false;
  public legacy_exponent_literal_as_decimal_enabled = false;
  public SQL_standard_keyword_behavior = false;
  public double_quoted_identifiers = false;
  public parameter_substitution_enabled = true;
  public legacy_identifier_clause_only = false;
}`;

const MEMBER_NAMES = [
  'isValidDecimal',
  'isHint',
  'markUnclosedComment',
  'incComplexTypeLevelCounter',
  'decComplexTypeLevelCounter',
  'isShiftRightOperator',
  'legacy_setops_precedence_enabled',
  'legacy_exponent_literal_as_decimal_enabled',
  'SQL_standard_keyword_behavior',
  'double_quoted_identifiers',
  'parameter_substitution_enabled',
  'legacy_identifier_clause_only',
];

/** Replaces the `@members { … }` block (balanced braces) with `members`. */
function replaceMembers(text: string, members: string): string {
  const start = text.indexOf('@members');
  if (start < 0) throw new Error('no @members block');
  let depth = 0;
  let i = text.indexOf('{', start);
  for (; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) break;
  }
  return text.slice(0, start) + members + text.slice(i + 1);
}

/** `{isValidDecimal()}?` → `{this.isValidDecimal()}?`, only inside `{…}` actions and predicates. */
function qualifyMembers(text: string): string {
  return text.replace(
    /\{(!?)([A-Za-z_]+)(\(\);?)?\}/g,
    (whole, bang: string, name: string, call: string | undefined) =>
      MEMBER_NAMES.includes(name) ? `{${bang}this.${name}${call ?? ''}}` : whole,
  );
}

const work = mkdtempSync(join(tmpdir(), 'kindling-sql-grammar-'));
try {
  for (const [file, members] of [
    ['SqlBaseLexer.g4', LEXER_MEMBERS],
    ['SqlBaseParser.g4', PARSER_MEMBERS],
  ] as const) {
    const text = readFileSync(join(grammarDir, file), 'utf8');
    const body = replaceMembers(text, members);
    const [head, ...rest] = body.split(members);
    writeFileSync(join(work, file), head + members + qualifyMembers(rest.join(members)));
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const tool = join(root, 'node_modules/antlr-ng/dist/cli/runner.js');
  execFileSync(
    process.execPath,
    [
      tool,
      '-Dlanguage=TypeScript',
      '-l',
      'false',
      '-v',
      'true',
      '-o',
      outDir,
      '--lib',
      work,
      join(work, 'SqlBaseLexer.g4'),
    ],
    { stdio: 'inherit' },
  );
  execFileSync(
    process.execPath,
    [
      tool,
      '-Dlanguage=TypeScript',
      '-l',
      'false',
      '-v',
      'true',
      '-o',
      outDir,
      '--lib',
      outDir,
      join(work, 'SqlBaseParser.g4'),
    ],
    { stdio: 'inherit' },
  );
  // Only the TypeScript is needed at run time; the token and interpreter files are the tool's own.
  for (const f of readdirSync(outDir)) if (!f.endsWith('.ts')) rmSync(join(outDir, f));
  for (const f of readdirSync(outDir)) {
    const path = join(outDir, f);
    writeFileSync(
      path,
      `// @ts-nocheck -- generated by antlr-ng from Spark's grammar; see scripts/generate-sql-parser.ts\n/* eslint-disable */\n` +
        readFileSync(path, 'utf8'),
    );
  }
  console.log(`generated ${readdirSync(outDir).join(', ')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

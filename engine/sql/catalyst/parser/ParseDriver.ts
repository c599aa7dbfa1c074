/**
 * Spark's ParseDriver (sql/api …/parser/parsers.scala): Spark's own ANTLR
 * grammar, compiled to TypeScript by antlr-ng (generated/), run on an
 * upper-cased view of the text (keywords are case-insensitive; the text
 * keeps its case), first in fast SLL mode and, on failure, again in full LL
 * mode with Spark's error strategy, whose messages are Spark's
 * `[PARSE_SYNTAX_ERROR] Syntax error at or near …` with line and position.
 */
import {
  InputMismatchException,
  BaseErrorListener,
  CharStreamImpl,
  CommonTokenStream,
  DefaultErrorStrategy,
  ParseCancellationException,
  PredictionMode,
  Token,
  type ATNSimulator,
  type NoViableAltException,
  type Parser,
  type RecognitionException,
  type Recognizer,
} from 'antlr4ng';
import { SqlBaseLexer } from './generated/SqlBaseLexer';
import { SqlBaseParser } from './generated/SqlBaseParser';
import { ParseException } from '../../errors';
import { AstBuilder } from './AstBuilder';
import type { LogicalPlan } from '../plans/logical/LogicalPlan';
import type { Expression } from '../expressions/Expression';

/** Spark's UpperCaseCharStream: the lexer sees upper case, the text keeps the case it was written in. */
class UpperCaseCharStream extends CharStreamImpl {
  override LA(offset: number): number {
    const c = super.LA(offset);
    if (c <= 0) return c;
    const up = String.fromCodePoint(c).toUpperCase();
    return up.length === 1 ? up.codePointAt(0)! : c;
  }
}

/** Thrown by the error strategy; carries what ParseException needs. */
class SyntaxError extends Error {
  constructor(
    readonly params: Record<string, string>,
    readonly line: number,
    readonly position: number,
  ) {
    super('syntax error');
  }
}

/** Spark's SparkParserErrorStrategy: the offending token, `end of input` for EOF. */
class SparkParserErrorStrategy extends DefaultErrorStrategy {
  override getTokenErrorDisplay(t: Token | null): string {
    const shown = super.getTokenErrorDisplay(t);
    return shown === "'<EOF>'" ? 'end of input' : shown;
  }
  #fail(token: Token | null, hint: string): never {
    throw new SyntaxError({ error: this.getTokenErrorDisplay(token), hint }, token?.line ?? 1, token?.column ?? 0);
  }
  override reportInputMismatch(_recognizer: Parser, e: RecognitionException): void {
    this.#fail(e.offendingToken, '');
  }
  override reportNoViableAlternative(_recognizer: Parser, e: NoViableAltException): void {
    this.#fail(e.offendingToken, '');
  }
  override reportUnwantedToken(recognizer: Parser): void {
    if (this.inErrorRecoveryMode(recognizer)) return;
    this.beginErrorCondition(recognizer);
    const t = recognizer.getCurrentToken();
    this.#fail(t, ': extra input ' + this.getTokenErrorDisplay(t));
  }
  override reportMissingToken(recognizer: Parser): void {
    if (this.inErrorRecoveryMode(recognizer)) return;
    this.beginErrorCondition(recognizer);
    const t = recognizer.getCurrentToken();
    this.#fail(t, ': missing ' + this.getExpectedTokens(recognizer).toStringWithVocabulary(recognizer.vocabulary));
  }
}

/** Spark's SparkParserBailErrorStrategy: Spark's reports, but no recovery (the LL pass follows). */
class SparkParserBailErrorStrategy extends SparkParserErrorStrategy {
  override recover(_recognizer: Parser, e: RecognitionException): void {
    throw new ParseCancellationException(e);
  }
  override recoverInline(recognizer: Parser): Token {
    throw new ParseCancellationException(new InputMismatchException(recognizer));
  }
  override sync(): void {}
}

/** Lexer errors (an unterminated string…) as Spark's ParseErrorListener reports them. */
class LexerErrorListener extends BaseErrorListener {
  override syntaxError<S extends Token, T extends ATNSimulator>(
    _recognizer: Recognizer<T>,
    _offendingSymbol: S | null,
    line: number,
    charPositionInLine: number,
    msg: string,
  ): void {
    throw new SyntaxError({ error: msg, hint: '' }, line, charPositionInLine);
  }
}

function parse<R>(command: string, rule: (p: SqlBaseParser) => R): R {
  const lexer = new SqlBaseLexer(new UpperCaseCharStream(command));
  lexer.removeErrorListeners();
  lexer.addErrorListener(new LexerErrorListener());
  const tokens = new CommonTokenStream(lexer);
  const parser = new SqlBaseParser(tokens);
  parser.removeErrorListeners();
  parser.addErrorListener(new LexerErrorListener());
  try {
    try {
      parser.errorHandler = new SparkParserBailErrorStrategy();
      parser.interpreter.predictionMode = PredictionMode.SLL;
      return rule(parser);
    } catch (e) {
      if (!(e instanceof ParseCancellationException)) throw e;
      tokens.seek(0);
      parser.reset();
      parser.errorHandler = new SparkParserErrorStrategy();
      parser.interpreter.predictionMode = PredictionMode.LL;
      return rule(parser);
    }
  } catch (e) {
    if (e instanceof SyntaxError) {
      if (command.trim() === '') throw new ParseException('PARSE_EMPTY_STATEMENT', {}, command, e.line, e.position);
      throw new ParseException('PARSE_SYNTAX_ERROR', e.params, command, e.line, e.position);
    }
    throw e;
  }
}

/**
 * A query's unresolved logical plan (`spark.sql(text)`).
 *
 * @example
 * parsePlan('SELECT a FROM t WHERE a > 1').treeString();
 * // "'Project ['a]\n+- 'Filter ('a > 1)\n   +- 'UnresolvedRelation [t], [], false\n"
 */
export function parsePlan(sqlText: string): LogicalPlan {
  return parse(sqlText, (p) => new AstBuilder(sqlText).singleStatement(p.singleStatement()));
}

/** One expression (`filter("x > 3")`, `F.expr`, `selectExpr`). */
export function parseExpression(sqlText: string): Expression {
  return parse(sqlText, (p) => new AstBuilder(sqlText).singleExpression(p.singleExpression()));
}

/**
 * The program editor's CodeMirror 6 set-up: JavaScript highlighting,
 * completion of the driver API (see api.ts), syntax and run errors as lint
 * diagnostics at their line, a gutter where the learner marks the lines they
 * predict will shuffle, and a highlighted line that follows the stage DAG.
 */
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
  type CompletionContext,
  type CompletionResult,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, isolateHistory } from '@codemirror/commands';
import {
  bracketMatching,
  HighlightStyle,
  foldGutter,
  foldKeymap,
  indentOnInput,
  syntaxHighlighting,
} from '@codemirror/language';
import { javascript, javascriptLanguage } from '@codemirror/lang-javascript';
import { forceLinting, lintGutter, lintKeymap, linter, type Diagnostic } from '@codemirror/lint';
import {
  Annotation,
  Compartment,
  EditorState,
  RangeSet,
  StateEffect,
  StateField,
  type Extension,
  type Transaction,
} from '@codemirror/state';
import {
  Decoration,
  EditorView,
  GutterMarker,
  drawSelection,
  dropCursor,
  gutter,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  type DecorationSet,
} from '@codemirror/view';
import { tags } from '@lezer/highlight';
import * as acorn from 'acorn';
import { GLOBALS, knownBindings, membersOf, receiverBefore, toCompletion } from './api';
import type { ProgramLanguage } from '../program-language';

export type { ProgramLanguage };

// ---------------------------------------------------------------------------
// Completion

/** Completes API members after a `.` and the program's globals elsewhere. */
export function apiCompletions(context: CompletionContext): CompletionResult | null {
  const member = context.matchBefore(/\.\s*[\w$]*$/);
  if (member) {
    const dot = member.from + member.text.indexOf('.');
    const before = context.state.doc.sliceString(Math.max(0, dot - 4000), dot);
    const bindings = knownBindings(context.state.doc.sliceString(0, dot));
    const members = membersOf(receiverBefore(before, bindings));
    if (members.length === 0) return null;
    const word = context.matchBefore(/[\w$]*$/);
    return { from: word ? word.from : context.pos, options: members.map(toCompletion), validFor: /^[\w$]*$/ };
  }
  const word = context.matchBefore(/[\w$]+$/);
  if (!word && !context.explicit) return null;
  return { from: word ? word.from : context.pos, options: GLOBALS.map(toCompletion), validFor: /^[\w$]*$/ };
}

/** JavaScript's highlighting and completion. */
const javascriptSupport: Extension = [javascript(), javascriptLanguage.data.of({ autocomplete: apiCompletions })];

/**
 * Python's highlighting and completion (CodeMirror's Python language and PySpark's names, about 57 KB): loaded the
 * first time an editor shows a Python program, so pages with JavaScript programs only never fetch them.
 */
let pythonSupport: Promise<Extension> | undefined;
export function loadPythonSupport(): Promise<Extension> {
  pythonSupport ??= import('./python-support').then((module) => module.pythonSupport());
  return pythonSupport;
}

// ---------------------------------------------------------------------------
// Diagnostics: syntax errors as the learner types, the last run's error until the next edit or run

export interface RunError {
  line: number;
  column?: number;
  message: string;
}

const setRunError = StateEffect.define<RunError | null>();

/** The last run's error as a document range, mapped through edits; cleared when its line is edited. */
const runErrorField = StateField.define<{ from: number; to: number; message: string } | null>({
  create: () => null,
  update(value, tr) {
    for (const effect of tr.effects) {
      if (!effect.is(setRunError)) continue;
      const error = effect.value;
      if (!error) return null;
      const doc = tr.state.doc;
      if (error.line < 1 || error.line > doc.lines) return null;
      const line = doc.line(error.line);
      const from = Math.min(line.to, line.from + Math.max(0, (error.column ?? 1) - 1));
      return { from, to: Math.max(from, line.to), message: error.message };
    }
    if (!value || !tr.docChanged) return value;
    let touched = false;
    tr.changes.iterChangedRanges((fromA, toA) => {
      if (fromA <= value.to && toA >= value.from) touched = true;
    });
    return touched ? null : { ...value, from: tr.changes.mapPos(value.from), to: tr.changes.mapPos(value.to) };
  },
});

/**
 * The program's syntax error, parsed as the driver worker parses it (an ES
 * module body with top-level await), as a diagnostic.
 */
export function syntaxDiagnostics(source: string): Diagnostic[] {
  try {
    acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'module', allowAwaitOutsideFunction: true });
    return [];
  } catch (error) {
    const pos = (error as { pos?: unknown }).pos;
    if (!(error instanceof SyntaxError) || typeof pos !== 'number') return [];
    const at = Math.min(pos, source.length);
    return [
      {
        from: at,
        to: Math.min(source.length, at + 1),
        severity: 'error',
        source: 'syntax',
        message: error.message.replace(/\s*\(\d+:\d+\)$/, ''),
      },
    ];
  }
}

const languageChanged = StateEffect.define<ProgramLanguage>();
/** The program's language, as the linter reads it (Python's syntax is checked when it runs). */
const languageField = StateField.define<ProgramLanguage>({
  create: () => 'javascript',
  update(value, tr) {
    for (const effect of tr.effects) if (effect.is(languageChanged)) return effect.value;
    return value;
  },
});

const programLinter = linter(
  (view) => {
    const javascriptProgram = view.state.field(languageField) === 'javascript';
    const diagnostics = javascriptProgram ? syntaxDiagnostics(view.state.doc.toString()) : [];
    const runError = view.state.field(runErrorField);
    if (runError)
      diagnostics.push({ ...runError, severity: 'error', source: 'run', message: `When run: ${runError.message}` });
    return diagnostics;
  },
  {
    delay: 300,
    // A new run error is a reason to lint again even though the text did not change.
    needsRefresh: (update) =>
      update.transactions.some((tr) => tr.effects.some((e) => e.is(setRunError) || e.is(languageChanged))),
  },
);

// ---------------------------------------------------------------------------
// Shuffle predictions in the gutter

class ShuffleMarker extends GutterMarker {
  override toDOM() {
    const mark = document.createElement('span');
    mark.className = 'cm-shuffle-mark';
    mark.textContent = '⇄';
    mark.title = 'You predict a shuffle on this line';
    mark.setAttribute('aria-label', 'predicted shuffle');
    return mark;
  }
}
const shuffleMarker = new ShuffleMarker();

/** Sizes the gutter like a marker, without being one. */
class ShuffleSpacer extends GutterMarker {
  override toDOM() {
    const spacer = document.createElement('span');
    spacer.className = 'cm-shuffle-spacer';
    spacer.textContent = '⇄';
    return spacer;
  }
}

const toggleShuffle = StateEffect.define<number>();
const setShuffles = StateEffect.define<readonly number[]>();
/**
 * Marks that the editor's owner set (its bound lines, or a replaced program's): the owner
 * knows them already, so they are not reported back, and lines past the end of the
 * program that the owner holds are not dropped by an echo.
 */
const marksFromOwner = Annotation.define<true>();

/**
 * Moves marks with the code they were on. A mark sits at its line's start; it follows
 * that position forwards, so Enter at the start of a marked line carries the mark down
 * with the code instead of leaving it on the new blank line, and lands on the start of
 * whatever line the position ends on (a line joined to the one above takes its mark
 * along). A mark goes when one change replaces its whole line with its line break.
 */
function followLines(marks: RangeSet<GutterMarker>, tr: Transaction): RangeSet<GutterMarker> {
  const before = tr.startState.doc;
  const after = tr.state.doc;
  const starts = new Set<number>();
  for (const iter = marks.iter(); iter.value; iter.next()) {
    const line = before.lineAt(iter.from);
    const last = line.number === before.lines;
    // The line break after the line, or for the last line the one before it.
    const from = last ? Math.max(0, line.from - 1) : line.from;
    const to = last ? line.to : line.to + 1;
    if (to > from && replacedWhole(tr, from, to)) continue;
    starts.add(after.lineAt(tr.changes.mapPos(line.from, 1)).from);
  }
  return RangeSet.of([...starts].sort((a, b) => a - b).map((from) => shuffleMarker.range(from)));
}

/** Whether one change of `tr` replaces all of `from`–`to` (touchesRange's "cover" wants more on both sides). */
function replacedWhole(tr: Transaction, from: number, to: number): boolean {
  let whole = false;
  tr.changes.iterChangedRanges((fromA, toA) => {
    if (fromA <= from && toA >= to) whole = true;
  });
  return whole;
}

/** Line starts the learner marked, kept on their lines as text is edited. */
const shuffleField = StateField.define<RangeSet<GutterMarker>>({
  create: () => RangeSet.empty,
  update(marks, tr) {
    let next = tr.docChanged ? followLines(marks, tr) : marks;
    for (const effect of tr.effects) {
      if (effect.is(setShuffles)) {
        const doc = tr.state.doc;
        const starts = [...new Set(effect.value)]
          .filter((line) => line >= 1 && line <= doc.lines)
          .map((line) => doc.line(line).from)
          .sort((a, b) => a - b);
        next = RangeSet.of(starts.map((from) => shuffleMarker.range(from)));
      } else if (effect.is(toggleShuffle)) {
        const from = effect.value;
        let present = false;
        next.between(from, from, () => {
          present = true;
        });
        next = present
          ? next.update({ filter: (start) => start !== from })
          : next.update({ add: [shuffleMarker.range(from)], sort: true });
      }
    }
    return next;
  },
});

/**
 * The state half of shuffle marks, without the gutter that shows them: what
 * {@link setShuffleMarks} and {@link toggleShuffleMark} act on and
 * {@link markedShuffleLines} reads.
 *
 * @example
 * const state = EditorState.create({ doc: 'a\nb\n', extensions: shuffleMarks });
 * markedShuffleLines(state.update({ effects: setShuffleMarks([2]) }).state); // [2]
 */
export const shuffleMarks: Extension = shuffleField;

/** An effect that marks exactly these 1-based lines (lines past the program's end are left out). */
export function setShuffleMarks(lines: readonly number[]): StateEffect<readonly number[]> {
  return setShuffles.of(lines);
}

/** An effect that marks, or unmarks, the line holding `pos`. */
export function toggleShuffleMark(state: EditorState, pos: number): StateEffect<number> {
  return toggleShuffle.of(state.doc.lineAt(pos).from);
}

/** The 1-based lines marked as shuffling. */
export function markedShuffleLines(state: EditorState): number[] {
  const lines = new Set<number>();
  const iter = state.field(shuffleField).iter();
  for (; iter.value; iter.next()) lines.add(state.doc.lineAt(iter.from).number);
  return [...lines].sort((a, b) => a - b);
}

function toggleShuffleAt(view: EditorView, pos: number): boolean {
  view.dispatch({ effects: toggleShuffleMark(view.state, pos) });
  return true;
}

const shuffleGutter = gutter({
  class: 'cm-shuffle-gutter',
  markers: (view) => view.state.field(shuffleField),
  initialSpacer: () => new ShuffleSpacer(),
  // An element on every line, so hovering an unmarked line can show where a click puts its mark.
  renderEmptyElements: true,
  domEventHandlers: {
    mousedown(view, line) {
      return toggleShuffleAt(view, line.from);
    },
  },
});

// ---------------------------------------------------------------------------
// The line the stage DAG points at

const setHighlight = StateEffect.define<number | null>();
const highlightLine = Decoration.line({ class: 'cm-dag-line' });
const highlightField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, tr) {
    let next = decorations.map(tr.changes);
    for (const effect of tr.effects) {
      if (!effect.is(setHighlight)) continue;
      const line = effect.value;
      next =
        line === null || line < 1 || line > tr.state.doc.lines
          ? Decoration.none
          : Decoration.set([highlightLine.range(tr.state.doc.line(line).from)]);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

// ---------------------------------------------------------------------------

/**
 * Syntax colours from CSS variables (app.css), so light and dark themes each
 * get colours with enough contrast on their own background.
 */
const programHighlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.moduleKeyword, tags.operatorKeyword], color: 'var(--syn-keyword)' },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: 'var(--syn-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--syn-number)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--syn-comment)', fontStyle: 'italic' },
  {
    tag: [tags.definition(tags.variableName), tags.function(tags.definition(tags.variableName))],
    color: 'var(--syn-definition)',
  },
  { tag: [tags.propertyName, tags.function(tags.propertyName)], color: 'var(--syn-property)' },
  { tag: [tags.className, tags.typeName], color: 'var(--syn-type)' },
  { tag: tags.invalid, color: 'var(--bad)' },
]);

/**
 * CodeMirror's usual editing set-up (what its `basicSetup` bundles, without
 * search): line numbers, history, folding, bracket handling, completion.
 * Tab is left to move focus, so a keyboard user can leave the editor.
 */
const basicSetup: Extension = [
  lineNumbers(),
  highlightActiveLineGutter(),
  highlightSpecialChars(),
  history(),
  foldGutter(),
  drawSelection(),
  dropCursor(),
  EditorState.allowMultipleSelections.of(true),
  indentOnInput(),
  syntaxHighlighting(programHighlight),
  bracketMatching(),
  closeBrackets(),
  autocompletion(),
  highlightActiveLine(),
  keymap.of([
    ...closeBracketsKeymap,
    ...defaultKeymap,
    ...historyKeymap,
    ...foldKeymap,
    ...completionKeymap,
    ...lintKeymap,
  ]),
];

export interface EditorCallbacks {
  onChange(source: string): void;
  onRun(): void;
  onShuffleLinesChange(lines: number[]): void;
  /** The line the cursor is on, when it moves (for the DAG to point at its RDDs). */
  onCursorLine(line: number): void;
}

/**
 * Builds the editor in `parent`. With `shuffleMarks: false` there is no
 * shuffle gutter and Alt+M does nothing (see `setShuffleMarking`).
 *
 * @example
 * const editor = createProgramEditor(div, source, [5], { onChange, onRun, onShuffleLinesChange, onCursorLine });
 * editor.showRunError({ line: 3, column: 5, message: 'boom' });
 */
export function createProgramEditor(
  parent: HTMLElement,
  source: string,
  shuffleLines: readonly number[],
  callbacks: EditorCallbacks,
  options: { label?: string; shuffleMarks?: boolean; language?: ProgramLanguage } = {},
) {
  let lastLine = 0;
  const marking = new Compartment();
  const languageCompartment = new Compartment();
  let language: ProgramLanguage = options.language ?? 'javascript';
  const markingOn: Extension = [
    keymap.of([{ key: 'Alt-m', run: (view) => toggleShuffleAt(view, view.state.selection.main.head) }]),
    shuffleGutter,
  ];
  const extensions: Extension[] = [
    keymap.of([
      {
        key: 'Mod-Enter',
        run: () => {
          callbacks.onRun();
          return true;
        },
      },
    ]),
    basicSetup,
    languageCompartment.of(language === 'javascript' ? javascriptSupport : []),
    languageField.init(() => language),
    runErrorField,
    programLinter,
    lintGutter(),
    shuffleField,
    // After the line numbers, where the playground has always had it; Alt+M is free in every keymap above.
    marking.of(options.shuffleMarks === false ? [] : markingOn),
    highlightField,
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({
      'aria-label': options.label ?? 'Driver program',
      'aria-describedby': 'editor-hint',
    }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) callbacks.onChange(update.state.doc.toString());
      const before = markedShuffleLines(update.startState);
      const after = markedShuffleLines(update.state);
      const fromOwner = update.transactions.some((tr) => tr.annotation(marksFromOwner));
      if (!fromOwner && before.join() !== after.join()) callbacks.onShuffleLinesChange(after);
      if (update.selectionSet || update.docChanged) {
        const line = update.state.doc.lineAt(update.state.selection.main.head).number;
        if (line !== lastLine) {
          lastLine = line;
          callbacks.onCursorLine(line);
        }
      }
    }),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc: source, extensions }) });
  view.dispatch({ effects: setShuffles.of(shuffleLines), annotations: marksFromOwner.of(true) });
  let destroyed = false;
  /** Python's support arrives in its own chunk: until then a Python program shows as plain text. */
  const whenPythonLoaded = () =>
    void loadPythonSupport().then(
      (support) => {
        if (!destroyed && language === 'python') view.dispatch({ effects: languageCompartment.reconfigure(support) });
      },
      // Offline without the chunk cached: the program stays plain text, and editing and running still work.
      (error: unknown) => console.warn('Python highlighting could not be loaded:', error),
    );
  if (language === 'python') whenPythonLoaded();

  return {
    view,
    /**
     * Replaces the whole program as one undoable change (Ctrl+Z brings the old
     * one back). Its marks go, unless `marks` says which lines to mark on it:
     * those are the owner's already, so they are not reported back.
     */
    replaceSource(next: string, marks?: readonly number[]) {
      if (next === view.state.doc.toString()) return;
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: next },
        effects: setShuffles.of(marks ?? []),
        // Its own undo step, even right after typing.
        annotations: [isolateHistory.of('full'), ...(marks ? [marksFromOwner.of(true)] : [])],
      });
    },
    /** Marks exactly these lines; they are the owner's, so no change is reported back. */
    setShuffleLines(lines: readonly number[]) {
      if (markedShuffleLines(view.state).join() !== [...lines].sort((a, b) => a - b).join())
        view.dispatch({ effects: setShuffles.of(lines), annotations: marksFromOwner.of(true) });
    },
    /** Highlights, completes and checks the program as `next` (JavaScript or Python). */
    setLanguage(next: ProgramLanguage) {
      if (next === language) return;
      language = next;
      const support = next === 'javascript' ? javascriptSupport : [];
      view.dispatch({ effects: [languageCompartment.reconfigure(support), languageChanged.of(next)] });
      if (next === 'python') whenPythonLoaded();
    },
    /** Shows or hides the shuffle gutter and turns Alt+M on or off with it. */
    setShuffleMarking(on: boolean) {
      view.dispatch({ effects: marking.reconfigure(on ? markingOn : []) });
    },
    showRunError(error: RunError | null) {
      view.dispatch({ effects: setRunError.of(error) });
      forceLinting(view);
    },
    highlight(line: number | null, scroll = true) {
      const effects: StateEffect<unknown>[] = [setHighlight.of(line)];
      if (line !== null && scroll && line >= 1 && line <= view.state.doc.lines)
        effects.push(EditorView.scrollIntoView(view.state.doc.line(line).from, { y: 'nearest' }));
      view.dispatch({ effects });
    },
    /** Puts the cursor on a line and focuses the editor. */
    goToLine(line: number) {
      if (line < 1 || line > view.state.doc.lines) return;
      const at = view.state.doc.line(line);
      view.dispatch({ selection: { anchor: at.from, head: at.to }, scrollIntoView: true });
      view.focus();
    },
    destroy() {
      destroyed = true;
      view.destroy();
    },
  };
}

export type ProgramEditor = ReturnType<typeof createProgramEditor>;

/**
 * The editor's shuffle marks on CodeMirror states without a page: set and
 * toggled by line, and kept on the code they were put on as the program is
 * edited (the learner's answer follows them).
 */
import { EditorState, type TransactionSpec } from '@codemirror/state';
import { describe, expect, test } from 'vitest';
import {
  markedShuffleLines,
  setShuffleMarks,
  shuffleMarks,
  toggleShuffleMark,
} from '../../playground/editor/codemirror';

const PROGRAM = [
  'const a = sc.parallelize([1, 2], 2);',
  'const b = a.map((n) => [n, 1]);',
  'const c = b.reduceByKey((x, y) => x + y);',
  'console.log(await c.collect());',
].join('\n');

function marked(lines: number[], doc = PROGRAM): EditorState {
  return EditorState.create({ doc, extensions: shuffleMarks }).update({ effects: setShuffleMarks(lines) }).state;
}

function edit(state: EditorState, spec: (state: EditorState) => TransactionSpec): EditorState {
  return state.update(spec(state)).state;
}

/** The marked lines' text, which is what the learner sees the marks on. */
function markedText(state: EditorState): string[] {
  return markedShuffleLines(state).map((line) => state.doc.line(line).text);
}

describe('setting and toggling marks', () => {
  test('lines past the end of the program are not marked; repeats count once', () => {
    expect(markedShuffleLines(marked([3, 9, 3, 0]))).toEqual([3]);
  });

  test('toggling a position marks its line, toggling again unmarks it', () => {
    const state = marked([]);
    const inLine3 = state.doc.line(3).from + 10;
    const once = edit(state, (s) => ({ effects: toggleShuffleMark(s, inLine3) }));
    expect(markedShuffleLines(once)).toEqual([3]);
    const twice = edit(once, (s) => ({ effects: toggleShuffleMark(s, inLine3) }));
    expect(markedShuffleLines(twice)).toEqual([]);
  });
});

describe('marks follow the code as it is edited', () => {
  test('a line inserted above (Enter at the end of the line before) moves the mark down with its code', () => {
    const state = edit(marked([3]), (s) => ({ changes: { from: s.doc.line(2).to, insert: '\nconst z = 0;' } }));
    expect(markedShuffleLines(state)).toEqual([4]);
    expect(markedText(state)).toEqual(['const c = b.reduceByKey((x, y) => x + y);']);
  });

  test('Enter at the start of a marked line carries the mark down with the code, not onto the blank line', () => {
    const state = edit(marked([3]), (s) => ({ changes: { from: s.doc.line(3).from, insert: '\n' } }));
    expect(markedShuffleLines(state)).toEqual([4]);
    expect(markedText(state)).toEqual(['const c = b.reduceByKey((x, y) => x + y);']);
  });

  test('typing on a marked line, at its start or inside it, keeps the mark', () => {
    const atStart = edit(marked([3]), (s) => ({ changes: { from: s.doc.line(3).from, insert: '  ' } }));
    expect(markedShuffleLines(atStart)).toEqual([3]);
    const inside = edit(marked([3]), (s) => ({
      changes: { from: s.doc.line(3).from + 6, to: s.doc.line(3).from + 7, insert: 'counts' },
    }));
    expect(markedText(inside)).toEqual(['const counts = b.reduceByKey((x, y) => x + y);']);
  });

  test('deleting lines above moves the mark up; deleting the marked line itself removes it', () => {
    const above = edit(marked([3]), (s) => ({ changes: { from: s.doc.line(1).from, to: s.doc.line(2).from } }));
    expect(markedText(above)).toEqual(['const c = b.reduceByKey((x, y) => x + y);']);
    const itself = edit(marked([2, 3]), (s) => ({ changes: { from: s.doc.line(3).from, to: s.doc.line(4).from } }));
    expect(markedText(itself)).toEqual(['const b = a.map((n) => [n, 1]);']);
    // The last line has no line break after it: it goes with the one before it.
    const last = edit(marked([4]), (s) => ({ changes: { from: s.doc.line(3).to, to: s.doc.length } }));
    expect(markedShuffleLines(last)).toEqual([]);
  });

  test('a marked line joined to the line above (Backspace at its start) keeps its mark on the joined line', () => {
    const state = edit(marked([3]), (s) => ({ changes: { from: s.doc.line(3).from - 1, to: s.doc.line(3).from } }));
    expect(markedShuffleLines(state)).toEqual([2]);
    expect(markedText(state)[0]).toContain('reduceByKey');
  });

  test('two marks that end on one line count once', () => {
    const state = edit(marked([2, 3]), (s) => ({ changes: { from: s.doc.line(3).from - 1, to: s.doc.line(3).from } }));
    expect(markedShuffleLines(state)).toEqual([2]);
  });
});

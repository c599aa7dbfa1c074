/**
 * The editor's Python: CodeMirror's Python language and PySpark's names as
 * completions. A chunk of its own, which codemirror.ts loads the first time an
 * editor shows a Python program.
 */
import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { python, pythonLanguage } from '@codemirror/lang-python';
import type { Extension } from '@codemirror/state';
import { toCompletion } from './api';
import { PY_GLOBALS, pyCompletionInfo, pyMembersBefore } from './python-api';

/** PySpark's names after a `.` and the program's usual names elsewhere, in a Python program. */
export function pythonCompletions(context: CompletionContext): CompletionResult | null {
  const member = context.matchBefore(/\.\s*\w*$/);
  if (member) {
    const dot = member.from + member.text.indexOf('.');
    const members = pyMembersBefore(context.state.doc.sliceString(Math.max(0, dot - 4000), dot));
    if (members.length === 0) return null;
    const word = context.matchBefore(/\w*$/);
    const options = members.map((e) => ({ ...toCompletion(e), info: pyCompletionInfo(e) }));
    return { from: word ? word.from : context.pos, options, validFor: /^\w*$/ };
  }
  const word = context.matchBefore(/\w+$/);
  if (!word && !context.explicit) return null;
  const options = PY_GLOBALS.map((e) => ({ ...toCompletion(e), info: pyCompletionInfo(e) }));
  return { from: word ? word.from : context.pos, options, validFor: /^\w*$/ };
}

/** Python's highlighting and completion, as one editor extension. */
export function pythonSupport(): Extension {
  return [python(), pythonLanguage.data.of({ autocomplete: pythonCompletions })];
}

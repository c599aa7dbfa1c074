/** The editor's syntax diagnostics and API completion, on CodeMirror states without a page. */
import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { describe, expect, test } from 'vitest';
import { apiCompletions, syntaxDiagnostics } from '../../playground/editor/codemirror';

function completeAt(doc: string, explicit = false) {
  const state = EditorState.create({ doc });
  return apiCompletions(new CompletionContext(state, doc.length, explicit));
}

describe('syntax diagnostics', () => {
  test('a program that parses as the driver parses it (module, top-level await) has none', () => {
    expect(syntaxDiagnostics('const n = await sc.parallelize([1]).count();\nconsole.log(n);\n')).toEqual([]);
  });

  test('a syntax error is marked where acorn stops', () => {
    const source = 'const a = 1;\nconst x = ;\n';
    const [diagnostic] = syntaxDiagnostics(source);
    expect(diagnostic.severity).toBe('error');
    expect(diagnostic.message).toBe('Unexpected token');
    expect(source.slice(0, diagnostic.from).split('\n')).toHaveLength(2);
    expect(source[diagnostic.from]).toBe(';');
  });
});

describe('API completion', () => {
  test('after sc. it offers the SparkContext, with signatures and docs', () => {
    const result = completeAt('const lines = sc.te');
    expect(result?.from).toBe('const lines = sc.'.length);
    const textFile = result?.options.find((o) => o.label === 'textFile');
    expect(textFile?.detail).toBe('(path, minPartitions?) → RDD<string>');
    expect(String(textFile?.info)).toContain('split like Hadoop');
  });

  test('after an RDD it offers RDD methods, and nothing after a plain value', () => {
    const rdd = completeAt('const pairs = sc.parallelize([["a", 1]]);\npairs.');
    expect(rdd?.options.map((o) => o.label)).toContain('reduceByKey');
    expect(completeAt('const s = "a b";\ns.')).toBeNull();
  });

  test('a bare word is completed with the names in scope', () => {
    expect(completeAt('Stor')?.options.map((o) => o.label)).toContain('StorageLevel');
  });
});

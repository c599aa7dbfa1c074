import { describe, expect, it } from 'vitest';
import { cssLength, dedent, readWidgetOptions } from '../../playground/widget/options';

function from(attributes: Record<string, string>) {
  return readWidgetOptions((name) => attributes[name] ?? null);
}

describe('embed widget options', () => {
  it('defaults to the editor with no views, two executors of two cores', () => {
    expect(from({})).toEqual({ mode: 'editor', dag: false, timeline: false, height: null, executors: 2, cores: 2 });
  });

  it('reads modes, on/off flags (a bare attribute is on), heights and cluster sizes', () => {
    expect(from({ mode: 'readonly', dag: '', timeline: 'off', height: '420', executors: '3', cores: '1' })).toEqual({
      mode: 'readonly',
      dag: true,
      timeline: false,
      height: '420px',
      executors: 3,
      cores: 1,
    });
    expect(from({ mode: 'output', dag: 'false', timeline: 'on' })).toMatchObject({ dag: false, timeline: true });
  });

  it('ignores what it cannot use rather than breaking the page', () => {
    expect(from({ mode: 'fullscreen', executors: '99', cores: 'two' })).toMatchObject({
      mode: 'editor',
      executors: 2,
      cores: 2,
    });
    expect(cssLength('30em')).toBe('30em');
    expect(cssLength('100px; background: red')).toBeNull();
  });

  it('dedents a program written inside an indented tag', () => {
    expect(dedent('\n      const a = 1;\n        if (a) {}\n\n      console.log(a);\n    ')).toBe(
      'const a = 1;\n  if (a) {}\n\nconsole.log(a);',
    );
  });
});

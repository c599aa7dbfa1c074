import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { iframeEmbedCode, scriptEmbedCode } from '../../playground/widget/embed-code';
import { cssLength, dedent, readWidgetOptions } from '../../playground/widget/options';
import { widgetStyleSheet } from '../../playground/widget/theme';

function from(attributes: Record<string, string>) {
  return readWidgetOptions((name) => attributes[name] ?? null);
}

describe('embed widget options', () => {
  it('defaults to the editor with no views, two executors of two cores', () => {
    expect(from({})).toEqual({
      mode: 'editor',
      dag: false,
      timeline: false,
      height: null,
      executors: 2,
      cores: 2,
      theme: null,
      lang: 'javascript',
    });
  });

  it('reads modes, on/off flags (a bare attribute is on), heights and cluster sizes', () => {
    expect(
      from({
        mode: 'readonly',
        dag: '',
        timeline: 'off',
        height: '420',
        executors: '3',
        cores: '1',
        theme: 'Dark',
        lang: 'python',
      }),
    ).toEqual({
      mode: 'readonly',
      dag: true,
      timeline: false,
      height: '420px',
      executors: 3,
      cores: 1,
      theme: 'dark',
      lang: 'python',
    });
    expect(from({ mode: 'output', dag: 'false', timeline: 'on' })).toMatchObject({ dag: false, timeline: true });
  });

  it('ignores what it cannot use rather than breaking the page', () => {
    expect(from({ mode: 'fullscreen', executors: '99', cores: 'two' })).toMatchObject({
      mode: 'editor',
      executors: 2,
      cores: 2,
    });
    expect(from({ theme: 'purple' }).theme).toBeNull();
    expect(cssLength('30em')).toBe('30em');
    expect(cssLength('100px; background: red')).toBeNull();
  });

  it('dedents a program written inside an indented tag', () => {
    expect(dedent('\n      const a = 1;\n        if (a) {}\n\n      console.log(a);\n    ')).toBe(
      'const a = 1;\n  if (a) {}\n\nconsole.log(a);',
    );
  });
});

describe('embed code', () => {
  const target = {
    buildRoot: 'https://docs.example/kindling/',
    options: from({ mode: 'output', dag: '', height: '400', executors: '3', theme: 'light' }),
    program: 'console.log("</script>", 1);',
    shareHash: 'share=1.abc',
  };

  it('writes the script form with the options that differ from the defaults and the program kept whole', () => {
    expect(scriptEmbedCode(target)).toBe(
      '<script defer src="https://docs.example/kindling/widget/kindling-playground.js"></script>\n' +
        '<kindling-playground mode="output" dag height="400" executors="3" theme="light"><script type="text/kindling">\n' +
        'console.log("<\\/script>", 1);\n</script></kindling-playground>',
    );
  });

  it('writes the iframe form with the options in the query and the program in the hash', () => {
    const code = iframeEmbedCode(target, false);
    expect(code).toContain(
      'src="https://docs.example/kindling/embed.html?mode=output&amp;dag=on&amp;height=400&amp;executors=3&amp;theme=light#share=1.abc"',
    );
    expect(code).toContain('height: 480px');
    expect(iframeEmbedCode(target)).toContain('kindling:resize');
  });
});

describe('widget stylesheet', () => {
  it("moves app.css's dark palette from the OS media query onto .theme-dark, and :root onto :host", () => {
    const css = readFileSync(join(import.meta.dirname, '..', '..', 'playground', 'app.css'), 'utf8');
    const sheet = widgetStyleSheet(css);
    expect(sheet).not.toContain('prefers-color-scheme');
    expect(sheet).not.toContain(':root');
    expect(sheet).toMatch(/:host \{[^}]*--bg: #f7f5f0/);
    expect(sheet).toMatch(/\.theme-dark \{[^}]*--bg: #1b1a18[^}]*color-scheme: dark/);
  });

  it('keeps each dark declaration whole when the stylesheet is minified (a build has no last semicolon)', () => {
    const minified =
      ':root{--bg:#f7f5f0;--kindling-scheme:light}@media (prefers-color-scheme:dark){:root{--bg:#1b1a18;--kindling-scheme:dark}}p{color:var(--bg)}';
    const dark = /\.theme-dark \{([^}]*)\}/.exec(widgetStyleSheet(minified))![1];
    const declarations = dark
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean);
    expect(declarations).toEqual(['--bg:#1b1a18', '--kindling-scheme:dark', 'color-scheme: dark']);
  });
});

import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { addFilters } from './filters.js';

const ours = new nunjucks.Environment(null, { autoescape: true });
addFilters(ours);
const theirs = new nunjucks.Environment(null, { autoescape: true });

const TEMPLATES = [
  '[{{ v | trim }}]',
  '[{{ v | safe | trim }}]',
  '{% set block %}\n  <b>{{ v }}</b>\n{% endset %}[{{ block | trim }}]',
  '[{{ v | trim | indent(2) }}]',
];
const VALUES = [' \n\t <p>a  b</p>\n\n  <p>c</p> \r\n', '   ', '', 'plain', '\u00a0nbsp\u2003', '<script>x</script>  '];

describe('the trim filter', () => {
  it('gives exactly what Nunjucks’ own gives, escaped or marked safe alike', () => {
    for (const template of TEMPLATES) {
      for (const v of VALUES) expect({ template, v, out: ours.renderString(template, { v }) }).toEqual({ template, v, out: theirs.renderString(template, { v }) });
    }
  });

  it('leaves a value that is not text to Nunjucks’ own, which refuses it the same way', () => {
    const error = (env: nunjucks.Environment) => {
      try {
        env.renderString('{{ v | trim }}', { v: 42 });
        return null;
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(error(ours)).toBe(error(theirs));
    expect(error(ours)).toMatch(/not a function/);
  });
});

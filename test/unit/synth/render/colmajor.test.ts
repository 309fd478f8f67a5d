/** Column-major text (src/synth/render/colmajor.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APPLICATION_ROWS, FormVersion, RowCode } from '../../../../src/domain/codes';
import { readCell } from '../../../../src/parser/cell';
import { type Agency, generateAgencies, type Layout } from '../../../../src/synth/agencies';
import { compose, type Composed } from '../../../../src/synth/compose';
import { applyFault, type Fault } from '../../../../src/synth/faults';
import { Rng } from '../../../../src/synth/prng';
import { renderColmajor } from '../../../../src/synth/render/colmajor';
import { appLabel } from '../../../../src/synth/render/doc';
import { buildTruth } from '../../../../src/synth/truth';
import { agencyTilt, generateYear, initialState } from '../../../../src/synth/values';

// --- the reader's corpus (issue #13): the glued-run enumerator, renderers, variants, readings

function report(
  seed: string,
  layout: Layout,
  opts: { fault?: Fault | null; form?: FormVersion; variantRate?: number } = {},
): Composed {
  const root = new Rng(`synth-units/${seed}`);
  // the first agency drawn is a provincial government: large numbers in every table
  const agency = generateAgencies(root, { count: 1, firstYear: 2019 })[0] as Agency;
  const form = opts.form ?? FormVersion.V2021;
  const year = form === FormVersion.V2019 ? 2020 : 2023;
  const { values } = generateYear(root.fork('values'), {
    agency,
    year,
    form,
    state: initialState(agency, root.fork('state')),
    tilt: agencyTilt(root.fork('tilt')),
  });
  const fault = opts.fault ?? null;
  applyFault(values, fault);
  return compose(root.fork('compose'), agency, year, form, values, fault, layout, {
    variantRate: opts.variantRate ?? 0,
  });
}

test('column-major text prints a table labels first, then its numbers column by column', () => {
  const { doc } = report('colmajor', 'colmajor');
  const lines = renderColmajor(doc).split('\n');
  const at = lines.indexOf(appLabel(RowCode.CARRIED_FORWARD));
  assert.ok(at > 0);
  const rows = APPLICATION_ROWS[doc.form];
  const column = (c: number) => rows.map((r) => (doc.values.applications.get(r) as number[])[c] as number);
  const read = (from: number) => lines.slice(from, from + rows.length).map((l) => readCell(l)?.value);
  assert.deepEqual(read(at + 1), column(0));
  assert.deepEqual(read(at + 1 + rows.length), column(1));
  assert.deepEqual(read(at + 1 + 6 * rows.length), column(6));
  // its truth: identity 1 decides the order, so every row is read as printed
  const truth = buildTruth({ file: 'x', doc, layout: 'colmajor', fault: null, previousCarriedForward: null });
  assert.deepEqual(
    truth.applications?.[RowCode.NEW_RECEIVED],
    doc.values.applications.get(RowCode.NEW_RECEIVED),
  );
  assert.deepEqual(truth.expectedIssues, []);
});

/** The shared settings as labelled controls; each change is a new URL. */
import { KIND_LABELS, LEVEL_LABELS } from '../labels';
import { type Filters, KIND_OPTIONS, LEVEL_OPTIONS } from '../state/filters';
import { navigate, type Route, withParams } from '../state/route';

const THIS_YEAR = new Date().getFullYear();
const YEARS = Array.from({ length: THIS_YEAR - 2019 + 1 }, (_, i) => 2019 + i);

interface Props {
  route: Route;
  filters: Filters;
  /** Show the switch that leaves flagged reports out (not on the quality view, which counts them). */
  withClean?: boolean;
}

export function FilterBar({ route, filters, withClean = true }: Props) {
  const set = (key: string, value: string | boolean) => navigate(withParams(route, { [key]: value }));
  return (
    <form className="filters" aria-label="筛选" onSubmit={(e) => e.preventDefault()}>
      <label>
        机关层级
        <select value={filters.level ?? ''} onChange={(e) => set('level', e.target.value)}>
          <option value="">全部</option>
          {LEVEL_OPTIONS.map((l) => (
            <option key={l} value={l}>
              {LEVEL_LABELS[l]}
            </option>
          ))}
        </select>
      </label>
      <label>
        机关类型
        <select value={filters.kind ?? ''} onChange={(e) => set('kind', e.target.value)}>
          <option value="">全部</option>
          {KIND_OPTIONS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label>
        起始年度
        <select value={filters.from ?? ''} onChange={(e) => set('from', e.target.value)}>
          <option value="">不限</option>
          {YEARS.map((y) => (
            <option key={y} value={y}>
              {y}年
            </option>
          ))}
        </select>
      </label>
      <label>
        截止年度
        <select value={filters.to ?? ''} onChange={(e) => set('to', e.target.value)}>
          <option value="">不限</option>
          {YEARS.map((y) => (
            <option key={y} value={y}>
              {y}年
            </option>
          ))}
        </select>
      </label>
      {withClean && (
        <label className="switch">
          <input type="checkbox" checked={filters.clean} onChange={(e) => set('clean', e.target.checked)} />
          排除表格被标记的报告
        </label>
      )}
    </form>
  );
}

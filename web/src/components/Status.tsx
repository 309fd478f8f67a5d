/** Loading and error lines of a query, announced to screen readers. */
export function Status({ loading, error, empty }: { loading: boolean; error?: string; empty?: boolean }) {
  if (error)
    return (
      <p className="status error" role="alert">
        查询出错：{error}
      </p>
    );
  if (loading)
    return (
      <p className="status" role="status">
        加载中…
      </p>
    );
  if (empty)
    return (
      <p className="status" role="status">
        所选范围内没有报告。
      </p>
    );
  return null;
}

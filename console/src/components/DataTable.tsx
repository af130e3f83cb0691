import type { ComponentChildren } from 'preact';

/**
 * A table that stacks into labelled cards on a phone (each cell carries its column's `data-label`): a caption
 * for screen readers, one heading a column, and a last column of row actions whose heading only screen readers
 * hear.
 */
export function DataTable(props: {
  /** An extra class of the table (styles of one kind of table). */
  kind?: string;
  caption?: string;
  columns: readonly string[];
  /** The heading of a last column of row actions, heard but not shown. */
  actions?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap">
      <table class={props.kind ? `${props.kind} stack-on-phone` : 'stack-on-phone'}>
        {props.caption && <caption class="visually-hidden">{props.caption}</caption>}
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
            {props.actions && (
              <th scope="col">
                <span class="visually-hidden">{props.actions}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

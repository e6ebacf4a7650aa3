import type { ColumnType as KyselyColumnType } from "kysely";
import type { Database } from "./schema.js";

/**
 * The tables and columns of `Database` as runtime data, for backup and restore (which must know
 * every column, its type and the key) and for tests. The types below make `tsc` fail when this
 * catalog and `schema.ts` drift apart: every column must be listed, none invented, and a column is
 * `nullable` exactly when its type admits null.
 */
export type TableName = keyof Database & string;

/** `real`: a double precision number (committee scores with decimals); `integer`: a whole number */
export type ColumnType = "text" | "integer" | "real";

/** the selected type of a column (unwraps `Generated<…>`) */
type SelectOf<V> = V extends KyselyColumnType<infer S, infer _I, infer _U> ? S : V;
type SqlTypeOf<V> = NonNullable<SelectOf<V>> extends string ? "text" : "integer" | "real";

type ColumnSpecOf<V> = null extends SelectOf<V>
  ? { readonly type: SqlTypeOf<V>; readonly nullable: true }
  : { readonly type: SqlTypeOf<V>; readonly nullable?: false };

type TableSpecOf<T> = {
  /** the primary key, in order; rows are sorted by it in a backup */
  readonly key: readonly (keyof T & string)[];
  readonly columns: { readonly [C in keyof T & string]-?: ColumnSpecOf<T[C]> };
};

type Catalog = { readonly [T in TableName]: TableSpecOf<Database[T]> };

const text = { type: "text" } as const;
const textOrNull = { type: "text", nullable: true } as const;
const integer = { type: "integer" } as const;
const real = { type: "real" } as const;

/** Listed parents first: insert in this order, delete in the reverse. */
export const TABLES = {
  units: {
    key: ["key"],
    columns: { key: text, name: text, sort_order: integer, active: integer },
  },
  users: {
    key: ["id"],
    columns: {
      id: text,
      username: text,
      name: text,
      role: text,
      unit_key: textOrNull,
      password_hash: text,
      active: integer,
      created_at: text,
    },
  },
  sessions: {
    key: ["id"],
    columns: { id: text, user_id: text, created_at: text, last_seen_at: text, ip: text },
  },
  login_attempts: {
    key: ["id"],
    columns: { id: text, username: text, ip: text, at: text, ok: integer },
  },
  leader_assignments: {
    key: ["user_id", "unit_key"],
    columns: { user_id: text, unit_key: text },
  },
  rulebooks: {
    key: ["id"],
    columns: {
      id: text,
      family: text,
      version: text,
      title: text,
      status: text,
      effective_from: text,
      body: text,
      created_by: textOrNull,
      created_at: text,
      activated_at: textOrNull,
      updated_at: text,
      updated_by: textOrNull,
    },
  },
  periods: {
    key: ["period"],
    columns: {
      period: text,
      status: text,
      revision: integer,
      review_until: textOrNull,
      updated_by: textOrNull,
      updated_at: text,
      needs_correction: integer,
      correction_reason: textOrNull,
    },
  },
  facts: {
    key: ["period", "unit_key"],
    columns: {
      period: text,
      unit_key: text,
      values_json: text,
      version: integer,
      updated_by: textOrNull,
      updated_at: text,
    },
  },
  adjustments: {
    key: ["id"],
    columns: {
      id: text,
      period: text,
      unit_key: text,
      item: text,
      count: integer,
      note: textOrNull,
      evidence: textOrNull,
      created_by: textOrNull,
      created_at: text,
    },
  },
  imports: {
    key: ["id"],
    columns: {
      id: text,
      period: text,
      payload: text,
      created_by: text,
      created_at: text,
      committed_at: textOrNull,
    },
  },
  audit_log: {
    key: ["id"],
    columns: {
      id: integer,
      at: text,
      username: textOrNull,
      action: text,
      target: text,
      before_json: textOrNull,
      after_json: textOrNull,
    },
  },
  data_revision: {
    key: ["id"],
    columns: { id: integer, revision: text },
  },
  data_changes: {
    key: ["seq"],
    columns: { seq: integer, revision: text, scope: text, period: textOrNull, at: text },
  },
  notices: {
    key: ["id"],
    columns: {
      id: text,
      kind: text,
      subject: text,
      revision: integer,
      year: integer,
      seq: integer,
      number: text,
      hash: text,
      snapshot: text,
      published_at: text,
      published_by: textOrNull,
    },
  },
  notice_files: {
    key: ["notice_id", "format"],
    columns: { notice_id: text, format: text, content: text },
  },
  objections: {
    key: ["id"],
    columns: {
      id: text,
      period: text,
      unit_key: text,
      indicator: textOrNull,
      field: textOrNull,
      text: text,
      status: text,
      reply: textOrNull,
      raised_by: text,
      raised_at: text,
      resolved_by: textOrNull,
      resolved_at: textOrNull,
    },
  },
  notifications: {
    key: ["id"],
    columns: { id: text, username: text, kind: text, title: text, link: textOrNull, created_at: text, read_at: textOrNull },
  },
  supervisions: {
    key: ["id"],
    columns: {
      id: text,
      unit_key: text,
      indicator: text,
      period: text,
      text: text,
      due: text,
      status: text,
      issued_by: text,
      issued_at: text,
      suggestion: textOrNull,
      suggestion_reason: textOrNull,
      suggestion_by: textOrNull,
      suggestion_at: textOrNull,
      adjustment_id: textOrNull,
      overdue_notified_at: textOrNull,
    },
  },
  supervision_events: {
    key: ["supervision_id", "seq"],
    columns: { supervision_id: text, seq: integer, kind: text, text: text, by_user: text, at: text },
  },
  pending_corrections: {
    key: ["kind", "subject"],
    columns: { kind: text, subject: text, reason: text, created_by: text, created_at: text },
  },
  annual_overrides: {
    key: ["year", "unit_key"],
    columns: { year: integer, unit_key: text, grade: text, reason: text, created_by: text, created_at: text },
  },
  manual_scores: {
    key: ["period", "unit_key", "indicator"],
    columns: { period: text, unit_key: text, indicator: text, score: real, reason: text, entered_by: text, entered_at: text },
  },
  correction_marks: {
    key: ["kind", "subject"],
    columns: { kind: text, subject: text, because: text, marked_at: text },
  },
  court_profile: {
    key: ["id"],
    columns: { id: integer, profile: text, updated_by: textOrNull, updated_at: text },
  },
} as const satisfies Catalog;

/**
 * The tables a backup holds, parents first: everything but the data revision and the log of
 * changes, which are bookkeeping (a restore keeps the log and appends to it a change of
 * everything with a new revision, so that nothing cached before it is served after).
 */
export const TABLE_NAMES = (Object.keys(TABLES) as TableName[]).filter((t) => t !== "data_revision" && t !== "data_changes");

export interface ColumnSpec {
  readonly type: ColumnType;
  readonly nullable?: boolean;
}

export interface TableSpec {
  readonly key: readonly string[];
  readonly columns: Readonly<Record<string, ColumnSpec>>;
}

export function tableSpec(table: TableName): TableSpec {
  return TABLES[table];
}

export function columnNames(table: TableName): string[] {
  return Object.keys(TABLES[table].columns);
}

export function isTableName(name: string): name is TableName {
  return Object.hasOwn(TABLES, name);
}

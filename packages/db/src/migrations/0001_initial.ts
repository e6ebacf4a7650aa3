import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../connect.js";

/**
 * The first schema: every table of `schema.ts`. Portable types only (text, integer); ids come
 * from the application, except `audit_log.id`, which the database numbers: `integer primary key
 * autoincrement` on SQLite (never reuses an id), an identity column on PostgreSQL ("by default",
 * so that restore can write the ids of a backup).
 *
 * Frozen: once released, change the schema with a new migration, never by editing this one.
 */
export function initial(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const schema = db.schema;

      await schema
        .createTable("units")
        .addColumn("key", "text", (c) => c.notNull().primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("sort_order", "integer", (c) => c.notNull())
        .addColumn("active", "integer", (c) => c.notNull())
        .execute();

      await schema
        .createTable("users")
        .addColumn("id", "text", (c) => c.notNull().primaryKey())
        .addColumn("username", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("unit_key", "text")
        .addColumn("password_hash", "text", (c) => c.notNull())
        .addColumn("active", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addUniqueConstraint("users_username_unique", ["username"])
        .addForeignKeyConstraint("users_unit_key_fk", ["unit_key"], "units", ["key"])
        .execute();
      await schema.createIndex("users_unit_key_idx").on("users").column("unit_key").execute();

      await schema
        .createTable("sessions")
        .addColumn("id", "text", (c) => c.notNull().primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("last_seen_at", "text", (c) => c.notNull())
        .addColumn("ip", "text", (c) => c.notNull())
        .addForeignKeyConstraint("sessions_user_id_fk", ["user_id"], "users", ["id"], (fk) => fk.onDelete("cascade"))
        .execute();
      await schema.createIndex("sessions_user_id_idx").on("sessions").column("user_id").execute();

      await schema
        .createTable("login_attempts")
        .addColumn("id", "text", (c) => c.notNull().primaryKey())
        .addColumn("username", "text", (c) => c.notNull())
        .addColumn("ip", "text", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("ok", "integer", (c) => c.notNull())
        .execute();
      await schema
        .createIndex("login_attempts_username_ip_at_idx")
        .on("login_attempts")
        .columns(["username", "ip", "at"])
        .execute();
      await schema.createIndex("login_attempts_ip_at_idx").on("login_attempts").columns(["ip", "at"]).execute();

      await schema
        .createTable("leader_assignments")
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("unit_key", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("leader_assignments_pk", ["user_id", "unit_key"])
        .addForeignKeyConstraint("leader_assignments_user_id_fk", ["user_id"], "users", ["id"], (fk) =>
          fk.onDelete("cascade"),
        )
        .addForeignKeyConstraint("leader_assignments_unit_key_fk", ["unit_key"], "units", ["key"])
        .execute();
      await schema.createIndex("leader_assignments_unit_key_idx").on("leader_assignments").column("unit_key").execute();

      await schema
        .createTable("rulebooks")
        .addColumn("id", "text", (c) => c.notNull().primaryKey())
        .addColumn("family", "text", (c) => c.notNull())
        .addColumn("version", "text", (c) => c.notNull())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("effective_from", "text", (c) => c.notNull())
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("created_by", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("activated_at", "text")
        .execute();
      await schema
        .createIndex("rulebooks_family_effective_from_idx")
        .on("rulebooks")
        .columns(["family", "effective_from"])
        .execute();

      await schema
        .createTable("periods")
        .addColumn("period", "text", (c) => c.notNull().primaryKey())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("revision", "integer", (c) => c.notNull())
        .addColumn("review_until", "text")
        .addColumn("updated_by", "text")
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();

      // The primary key (period, unit_key) also serves "the facts of a period".
      await schema
        .createTable("facts")
        .addColumn("period", "text", (c) => c.notNull())
        .addColumn("unit_key", "text", (c) => c.notNull())
        .addColumn("values_json", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("updated_by", "text")
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("facts_pk", ["period", "unit_key"])
        .addForeignKeyConstraint("facts_unit_key_fk", ["unit_key"], "units", ["key"])
        .execute();
      await schema.createIndex("facts_unit_key_idx").on("facts").columns(["unit_key", "period"]).execute();

      await schema
        .createTable("adjustments")
        .addColumn("id", "text", (c) => c.notNull().primaryKey())
        .addColumn("period", "text", (c) => c.notNull())
        .addColumn("unit_key", "text", (c) => c.notNull())
        .addColumn("item", "text", (c) => c.notNull())
        .addColumn("count", "integer", (c) => c.notNull())
        .addColumn("note", "text")
        .addColumn("evidence", "text")
        .addColumn("created_by", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addForeignKeyConstraint("adjustments_unit_key_fk", ["unit_key"], "units", ["key"])
        .execute();
      await schema.createIndex("adjustments_period_idx").on("adjustments").columns(["period", "unit_key"]).execute();
      await schema.createIndex("adjustments_unit_key_idx").on("adjustments").column("unit_key").execute();

      await schema
        .createTable("imports")
        .addColumn("id", "text", (c) => c.notNull().primaryKey())
        .addColumn("period", "text", (c) => c.notNull())
        .addColumn("payload", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("committed_at", "text")
        .execute();
      await schema.createIndex("imports_period_idx").on("imports").column("period").execute();

      await schema
        .createTable("audit_log")
        .addColumn("id", "integer", (c) =>
          dialect === "sqlite" ? c.notNull().primaryKey().autoIncrement() : c.generatedByDefaultAsIdentity().primaryKey(),
        )
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("username", "text")
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("target", "text", (c) => c.notNull())
        .addColumn("before_json", "text")
        .addColumn("after_json", "text")
        .execute();
      await schema.createIndex("audit_log_at_idx").on("audit_log").column("at").execute();
      await schema.createIndex("audit_log_target_idx").on("audit_log").columns(["target", "at"]).execute();
    },
  };
}

import { z } from "zod";

/** The formats every published document downloads in, and what each is served as. */
export const FormatSchema = z.enum(["docx", "xlsx", "html"], { message: "格式只能是 docx、xlsx 或 html" });
export const CONTENT_TYPES = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  html: "text/html; charset=utf-8",
} as const;

export { annualKind, FORMATS, KINDS, noticeKind, summaryKind, yearData, type Env, type Format, type Kind, type KindName, type Person } from "./kinds";
export { causeWords, draftFile, draftOf, frozenFile, marksOf, needsCorrectionOf, noticeNumber, openCorrection, publish, storeMissingFiles, type DraftView, type NeedsCorrection, type Published, type PublishRequest } from "./publish";
export { parseAnnual, parseNotice, parseSummary, readPublished, type Sealable } from "./snapshots";
export { markChanges, sentencesOf, type DraftedCommentary } from "./commentary";

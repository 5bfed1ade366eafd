/** The synthetic preference world: public API. */
export * from "./lexicon";
export { TemplateGrammar, type SlotName, type SlotValues, type TemplateMatch } from "./grammar";
export { ANSWER_TEMPLATES, INSTRUCTION_TEMPLATES, type AnswerAttrs, type InstructionAttrs } from "./templates";
export {
  ANSWER_GRAMMAR,
  recogniseAnswerSentence,
  renderAnswer,
  renderSentence,
  type AnswerSentence,
  type RecognisedSentence,
} from "./answer";
export {
  INSTRUCTION_GRAMMAR,
  instructionSentences,
  parseInstruction,
  renderInstruction,
  type ContextUse,
  type CueUse,
  type InstructionSpec,
} from "./instruction";
export {
  SAMPLER_TABLE,
  answerProfile,
  sampleAnswer,
  sampleInstruction,
  sampleInstructionText,
  type AnswerControls,
  type AnswerProfile,
  type InstructionOptions,
  type RelevanceMode,
  type SampledAnswer,
} from "./sampler";
export {
  DIMENSIONS,
  analyzeAnswer,
  askedTopic,
  scoreAnswer,
  type AnswerAnalysis,
  type Dimension,
  type OracleScores,
  type SentenceAnalysis,
} from "./oracle";
export { MUTATIONS, isApplicable, listMutations, mutateInstruction, mutateSpec, type Mutation, type MutationOp } from "./mutation";
export { EDIT_KINDS, EDIT_TARGET, changedWords, corruptSentence, makeEdit, type EditKind, type MinimalEdit } from "./edits";
export {
  corpusLine,
  corpusLines,
  editLines,
  groupAnswers,
  groupLines,
  splitOf,
  testInstructions,
  type CorpusLine,
  type EditLine,
  type GroupAnswer,
  type GroupLine,
  type Split,
} from "./corpus";
export { splitSentences, splitWords } from "./text";

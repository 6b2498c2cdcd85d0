import * as Y from 'yjs';
import type { QuestionReveal } from '@pnyx/shared';
import { idOf, optionList, questionList, questionReveal, type OptionMap, type QuestionMap } from '@pnyx/shared/session-doc';

export interface OptionDraft {
  id: string;
  option: OptionMap;
}

/** A question as it stands in the document; its texts are edited through their Y.Text, not copied here. */
export interface QuestionDraft {
  id: string;
  question: QuestionMap;
  options: OptionDraft[];
  /** When the projector shows the counts: as they come in, or once voting closed. */
  reveal: QuestionReveal;
}

/**
 * The outline of the session document (which questions, which options, in which order, when results show)
 * as reactive state.
 * Only the outline: keystrokes change Y.Texts that the fields observe directly, so typing does not
 * re-render the editor.
 */
export class QuestionDrafts {
  #list = $state.raw<QuestionDraft[]>([]);
  readonly #doc: Y.Doc;
  #outline = '';

  constructor(doc: Y.Doc) {
    this.#doc = doc;
  }

  get list(): QuestionDraft[] {
    return this.#list;
  }

  /** Follows the document; the returned function stops. */
  observe(): () => void {
    const questions = questionList(this.#doc);
    const refresh = () => this.#refresh(questions);
    questions.observeDeep(refresh);
    refresh();
    return () => questions.unobserveDeep(refresh);
  }

  #refresh(questions: Y.Array<QuestionMap>): void {
    const list: QuestionDraft[] = [];
    for (const question of questions.toArray()) {
      const id = idOf(question);
      const options = question.get('options');
      // Skip what another client wrote in a shape this version does not know, rather than crash on it.
      if (id === undefined || !(question.get('text') instanceof Y.Text) || !(options instanceof Y.Array)) continue;
      const optionDrafts: OptionDraft[] = [];
      for (const option of optionList(question).toArray()) {
        const optionId = idOf(option);
        if (optionId !== undefined && option.get('label') instanceof Y.Text) optionDrafts.push({ id: optionId, option });
      }
      list.push({ id, question, options: optionDrafts, reveal: questionReveal(question) });
    }
    const outline = list
      .map((draft) => `${draft.id}:${draft.reveal}:${draft.options.map((option) => option.id).join(',')}`)
      .join(';');
    if (outline === this.#outline) return;
    this.#outline = outline;
    this.#list = list;
  }
}

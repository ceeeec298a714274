/** The plain "not in the paper" answer, in the question's language. */
export function abstentionText(language: "zh" | "en"): string {
  return language === "zh"
    ? "没有在语料中找到能回答这个问题的内容。"
    : "The paper doesn't say: nothing in the indexed articles answers this question.";
}

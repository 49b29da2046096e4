/** Whether a station needs the 示例 tag: it is invented, and its name does not already say so (示例 is said once). */
export const needsDemoTag = (s: { demo: boolean; name: string }): boolean => s.demo && !s.name.includes('示例')

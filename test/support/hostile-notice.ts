/**
 * A notice body written to attack its readers: markup, a script, an event handler, a javascript: link, links
 * off the allow-list, and the subset's own marks. Every page must show it as words (the sanitising tests).
 */
export const HOSTILE_BODY = [
  '# 标题',
  '<script>window.__pwned = 1</script>',
  '<img src="x" onerror="window.__pwned = 2">',
  '[点我领补贴](javascript:window.__pwned=3) [热线](/pages/hotlines/index) [外站](https://evil.example.com/a)',
  '<a href="https://evil.example.com">链接</a> <iframe src="https://evil.example.com"></iframe>',
  '[伪装](https://www.gov.cn.evil.example.com/) [带账号](https://user@www.gov.cn/) [协议](HTTPS://www.gov.cn/x)',
  '![图](https://evil.example.com/x.png) `代码` ~~删除~~',
  '- **加粗** 条目',
  '- [带参数](/pages/notice/index?id=ntc-1&x=1)',
].join('\n\n')

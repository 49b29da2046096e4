/**
 * Jest environment for miniprogram-simulate: Node globals (process, require, Buffer — the simulator
 * checks for them to pick its Node mode and runs the official wcc compiler) plus a jsdom window and
 * document for j-component's rendering.
 *
 * jest-environment-jsdom is not a dependency of this project; jsdom itself is installed (through
 * @tarojs/webpack5-runner), so this small environment stands in for it.
 */
const { TestEnvironment: NodeEnvironment } = require('jest-environment-node')
const { JSDOM } = require('jsdom')

const DOM_GLOBALS = [
  'window',
  'document',
  'navigator',
  'Node',
  'Element',
  'HTMLElement',
  'Text',
  'Comment',
  'DocumentFragment',
  'Event',
  'CustomEvent',
  'MouseEvent',
  'KeyboardEvent',
  'TouchEvent',
  'MutationObserver',
  'getComputedStyle',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'HTMLStyleElement',
  'DOMParser',
]

class MiniProgramSimulateEnvironment extends NodeEnvironment {
  constructor(config, context) {
    super(config, context)
    this.dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
      url: 'https://jest.test/',
      pretendToBeVisual: true,
    })
    const win = this.dom.window
    for (const key of DOM_GLOBALS) {
      if (key === 'window') this.global.window = win
      else if (win[key] !== undefined) {
        const v = win[key]
        this.global[key] = typeof v === 'function' && !/^[A-Z]/.test(key) ? v.bind(win) : v
      }
    }
  }

  async teardown() {
    this.dom.window.close()
    await super.teardown()
  }
}

module.exports = MiniProgramSimulateEnvironment

import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

const isH5 = process.env.TARO_ENV === 'h5'
// The shared contracts live outside src/; Taro compiles only src/ unless told.
const typesDir = path.resolve(__dirname, '..', 'types')

// https://docs.taro.zone/docs/config-detail
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'hexie-yizhan',
    date: '2025-11-25',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // D21: one output folder per target, so the weapp and h5 builds never overwrite each other.
    outputRoot: isH5 ? 'dist/h5' : 'dist/weapp',
    plugins: [],
    defineConstants: {},
    alias: {
      // Pages and the function client import the shared contracts by relative path; this alias is only a convenience.
      '@types-shared': typesDir,
    },
    // Vant components are declared per page in usingComponents with relative paths into node_modules;
    // Taro rewrites them to /npm/@vant/weapp/dist/<comp>/index and copies each component (and the
    // components it uses) into dist/weapp/npm. No copy patterns are needed (checked in test/weapp).
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [typesDir] },
      postcss: {
        pxtransform: {
          enable: true,
          // Vant's own styles are in px for a 375 design; leave them alone.
          config: { selectorBlackList: [/van-/] },
        },
        cssModules: { enable: false },
      },
      // Keep the vendor chunk honest: zod and react land in the shared vendors.js of the main package.
      optimizeMainPackage: { enable: true },
    },
    h5: {
      compile: { include: [typesDir] },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'browser' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        // Taro splits only initial chunks on H5, so every lazily loaded page carried its own copy of zod and
        // the H5 components (~150 KB each). Sharing across async chunks too keeps each page to its own code.
        const split = chain.optimization.get('splitChunks')
        if (split) chain.optimization.splitChunks({ ...split, chunks: 'all' })
        // React + the Taro H5 runtime + zod make a large entry for a demo build; warn past 512 KB.
        chain.performance.maxEntrypointSize(512 * 1024).maxAssetSize(512 * 1024)
      },
    },
  }

  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})

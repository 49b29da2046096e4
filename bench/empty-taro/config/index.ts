import { defineConfig } from '@tarojs/cli'

// The empty Taro app the sizes section compares against (bench/empty-taro/README.md): the project's framework,
// compiler and output settings, one page, nothing else.
const isH5 = process.env.TARO_ENV === 'h5'
export default defineConfig<'webpack5'>({
  projectName: 'empty-taro',
  date: '2026-12-01',
  designWidth: 750,
  deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
  sourceRoot: 'src',
  outputRoot: isH5 ? 'dist/h5' : 'dist/weapp',
  plugins: [],
  framework: 'react',
  compiler: 'webpack5',
  cache: { enable: false },
  mini: { optimizeMainPackage: { enable: true } },
  h5: {
    publicPath: '/',
    staticDirectory: 'static',
    router: { mode: 'browser' },
    output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
    miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[contenthash:8].css' },
  },
})

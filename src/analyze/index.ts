import vscode = require('vscode');
import { analysesContributor } from './analysisNodes';
import { registerAnalyzeVideo } from './analyzeVideo';
import { AnalysisCache, type CacheFiles } from './cache';
import { registerClearAnalyses } from './clearAnalyses';
import { AnalysisDocuments, KEPT_SCHEME } from './documents';
import type { AnalyzeFeature, AnalyzeFeatureInput } from './feature';
import { KeptAnalysisContent } from './keptContent';
import { registerTimestampLinks } from './links';
import { registerOpenAnalysis } from './openAnalysis';
import { registerSaveAnalysis } from './saveAnalysis';

export type { AnalyzeFeatureInput } from './feature';
export type { AppendTiming } from './coalescer';

export interface AnalyzeFeatures {
  feature: AnalyzeFeature;
  /** The folder the kept analyses are written to. */
  cacheFolder: vscode.Uri;
}

/**
 * Analyze Video… (streamed into an editor, or as a task for long videos), the timestamp links in its
 * results, and the kept results under their video in the Indexes view. Activation reads nothing: the
 * list of kept results is read in the background, and the questions and the run (analyzeFlow.js)
 * load on first use.
 */
export function registerAnalyzeFeatures(context: vscode.ExtensionContext, input: AnalyzeFeatureInput): AnalyzeFeatures {
  const cacheFolder = vscode.Uri.joinPath(context.globalStorageUri, 'analyses');
  const cache = new AnalysisCache(folderFiles(cacheFolder), input.logger);
  const documents = new AnalysisDocuments(cache);
  const kept = new KeptAnalysisContent(cache, documents);
  const feature: AnalyzeFeature = { ...input, cache, documents, kept };
  context.subscriptions.push(
    cache,
    documents,
    vscode.workspace.registerTextDocumentContentProvider(KEPT_SCHEME, kept),
    registerTimestampLinks(documents),
    input.tree.setChildContributor(analysesContributor(cache)),
    registerAnalyzeVideo(feature),
    registerOpenAnalysis(feature),
    registerSaveAnalysis(feature),
    registerClearAnalyses(feature),
  );
  void cache.load();
  return { feature, cacheFolder };
}

/** The cache's files over `workspace.fs`, so that a remote or web host keeps them where VS Code keeps our storage. */
function folderFiles(folder: vscode.Uri): CacheFiles {
  const at = (name: string) => vscode.Uri.joinPath(folder, name);
  return {
    read: async (name) => {
      try {
        return await vscode.workspace.fs.readFile(at(name));
      } catch (error) {
        if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') {
          return undefined;
        }
        throw error;
      }
    },
    write: async (name, content) => {
      await vscode.workspace.fs.createDirectory(folder);
      await vscode.workspace.fs.writeFile(at(name), content);
    },
    remove: async (name) => {
      await vscode.workspace.fs.delete(at(name), { useTrash: false });
    },
    list: async () => {
      try {
        return (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name);
      } catch {
        return [];
      }
    },
  };
}

/** A temporary copy of the repository (git's files, node_modules and build outputs linked); remove it when done. */
export declare function copyRepository(prefix?: string): Promise<string>;

/** What `npm install` does for a new workspace package `packages/<name>` of the copy: link it. */
export declare function linkWorkspace(copy: string, name: string): Promise<void>;

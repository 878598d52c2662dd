// VibeGit

using Assay.Cli;

return await AssayCommand.RunAsync(args).ConfigureAwait(false);

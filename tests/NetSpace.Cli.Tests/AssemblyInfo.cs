// Some commands run TorchSharp, whose native code is not proven thread-safe: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Workers run TorchSharp, whose native code is not proven thread-safe, and the machine is small: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

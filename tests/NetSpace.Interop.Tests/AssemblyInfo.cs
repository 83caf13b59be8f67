// TorchSharp's native code is not proven thread-safe: run this assembly's tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

using Engine.Onnx;
using Engine.Tests.Models;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Engine.Tests.Onnx;

public sealed class ExecutionProviderSelectorTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData(ExecutionProviderKind.Auto)]
    [InlineData(ExecutionProviderKind.Cuda)]
    public void Active_CudaRequestedWithoutCudaRuntime_FallsBackToCpuWithReason(ExecutionProviderKind requested)
    {
        var logger = new ListLogger<ExecutionProviderSelector>();
        var selector = new ExecutionProviderSelector(Options.Create(new EngineOptions { ExecutionProvider = requested }), logger);
        Skip.If(selector.Active == ExecutionProviderKind.Cuda, "CUDA loads on this machine; the fallback cannot be observed.");

        output.WriteLine(selector.Description);
        Assert.Equal(ExecutionProviderKind.Cpu, selector.Active);
        Assert.False(string.IsNullOrWhiteSpace(selector.FallbackReason));
        Assert.StartsWith("CPU (CUDA unavailable: ", selector.Description, StringComparison.Ordinal);
        var warning = Assert.Single(logger.Warnings);
        Assert.Contains("falling back to CPU", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Active_CpuForced_NeverTriesCuda()
    {
        var attempts = 0;
        var selector = new ExecutionProviderSelector(
            Options.Create(new EngineOptions { ExecutionProvider = ExecutionProviderKind.Cpu }),
            new ListLogger<ExecutionProviderSelector>(),
            (_, _) => attempts++);

        Assert.Equal(ExecutionProviderKind.Cpu, selector.Active);
        Assert.Null(selector.FallbackReason);
        Assert.Equal("CPU", selector.Description);
        Assert.Equal(0, attempts);
    }

    [Fact]
    public void Active_AppendThrows_LogsOneWarningAcrossRepeatedUse()
    {
        var logger = new ListLogger<ExecutionProviderSelector>();
        var attempts = 0;
        var selector = new ExecutionProviderSelector(
            Options.Create(new EngineOptions { ExecutionProvider = ExecutionProviderKind.Cuda }),
            logger,
            (_, _) =>
            {
                attempts++;
                throw new DllNotFoundException("libcudart.so.12: cannot open shared object file");
            });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(ExecutionProviderKind.Cpu, selector.Active);
        }

        selector.ReportCudaFailure(new InvalidOperationException("later failure"));

        Assert.Equal(1, attempts);
        Assert.Single(logger.Warnings);
        Assert.Equal("libcudart.so.12: cannot open shared object file", selector.FallbackReason);
    }

    [Fact]
    public void ReportCudaFailure_AfterCudaProbeSucceeded_SwitchesToCpuOnce()
    {
        var logger = new ListLogger<ExecutionProviderSelector>();
        var selector = new ExecutionProviderSelector(Options.Create(new EngineOptions()), logger, (_, _) => { });
        Assert.Equal(ExecutionProviderKind.Cuda, selector.Active);

        selector.ReportCudaFailure(new InvalidOperationException("CUDA failure 100: no CUDA-capable device is detected"));
        selector.ReportCudaFailure(new InvalidOperationException("again"));

        Assert.Equal(ExecutionProviderKind.Cpu, selector.Active);
        Assert.Contains("no CUDA-capable device", selector.FallbackReason, StringComparison.Ordinal);
        Assert.Single(logger.Warnings);
    }

    [Theory]
    [InlineData(
        "[ErrorCode:RuntimeException] /onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:1778 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : Failed to load library libonnxruntime_providers_cuda.so with error: libcublasLt.so.12: cannot open shared object file: No such file or directory",
        "Failed to load library libonnxruntime_providers_cuda.so: libcublasLt.so.12: cannot open shared object file: No such file or directory")]
    [InlineData("plain message\nsecond line", "plain message")]
    public void Summarize_OrtMessage_KeepsTheCause(string message, string expected)
    {
        Assert.Equal(expected, ExecutionProviderSelector.Summarize(new InvalidOperationException(message)));
    }
}

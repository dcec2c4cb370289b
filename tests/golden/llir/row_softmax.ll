; ModuleID = "row_softmax"
target triple = "x86_64-unknown-linux-gnu"
target datalayout = ""

define i32 @"row_softmax_grid"(ptr %"args", ptr %"grid", i64 %"start", i64 %"end", ptr %"ranges", i64 %"nranges") nounwind
{
entry:
  %".8" = getelementptr ptr, ptr %"args", i64 0
  %".9" = load ptr, ptr %".8"
  %"Out" = load ptr, ptr %".9"
  %".10" = getelementptr ptr, ptr %"args", i64 1
  %".11" = load ptr, ptr %".10"
  %"In" = load ptr, ptr %".11"
  %".12" = getelementptr ptr, ptr %"args", i64 2
  %".13" = load ptr, ptr %".12"
  %"stride" = load i32, ptr %".13"
  %".14" = getelementptr ptr, ptr %"args", i64 3
  %".15" = load ptr, ptr %".14"
  %"n" = load i32, ptr %".15"
  %".16" = getelementptr i64, ptr %"grid", i64 0
  %".17" = load i64, ptr %".16"
  %".18" = getelementptr i64, ptr %"grid", i64 1
  %".19" = load i64, ptr %".18"
  %".20" = getelementptr i64, ptr %"grid", i64 2
  %".21" = load i64, ptr %".20"
  %".22" = trunc i64 %".17" to i32
  %".23" = trunc i64 %".19" to i32
  %".24" = trunc i64 %".21" to i32
  br label %"grid.header"
grid.header:
  %"pid" = phi  i64 [%"start", %"entry"], [%".89", %"grid.body"]
  %".26" = icmp slt i64 %"pid", %"end"
  br i1 %".26", label %"grid.body", label %"grid.exit"
grid.body:
  %".28" = srem i64 %"pid", %".17"
  %".29" = sdiv i64 %"pid", %".17"
  %".30" = srem i64 %".29", %".19"
  %".31" = sdiv i64 %".29", %".19"
  %"pid0" = trunc i64 %".28" to i32
  %"pid1" = trunc i64 %".30" to i32
  %"pid2" = trunc i64 %".31" to i32
  %".32" = mul i32 %"pid0", %"stride"
  %".33" = getelementptr float, ptr %"In", i32 %".32"
  %".34" = insertelement <1 x ptr> <ptr undef>, ptr %".33", i32 0
  %".35" = shufflevector <1 x ptr> %".34", <1 x ptr> <ptr undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".36" = insertelement <1 x i32> <i32 undef>, i32 %"n", i32 0
  %".37" = shufflevector <1 x i32> %".36", <1 x i32> <i32 undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".38" = getelementptr float, ptr %".33", i32 0
  %".39" = icmp slt <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>, %".37"
  %".40" = call <16 x float> @"llvm.masked.load.v16f32.p0"(ptr %".38", i32 4, <16 x i1> %".39", <16 x float> <float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000>)
  %".41" = getelementptr float, ptr %".33", i32 16
  %".42" = icmp slt <16 x i32> <i32 16, i32 17, i32 18, i32 19, i32 20, i32 21, i32 22, i32 23, i32 24, i32 25, i32 26, i32 27, i32 28, i32 29, i32 30, i32 31>, %".37"
  %".43" = call <16 x float> @"llvm.masked.load.v16f32.p0"(ptr %".41", i32 4, <16 x i1> %".42", <16 x float> <float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000, float 0xfff0000000000000>)
  %".44" = call <16 x float> @"llvm.maxnum.v16f32"(<16 x float> %".40", <16 x float> %".43")
  %".45" = shufflevector <16 x float> %".44", <16 x float> <float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef>, <8 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7>
  %".46" = shufflevector <16 x float> %".44", <16 x float> <float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef>, <8 x i32> <i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".47" = call <8 x float> @"llvm.maxnum.v8f32"(<8 x float> %".45", <8 x float> %".46")
  %".48" = shufflevector <8 x float> %".47", <8 x float> <float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef>, <4 x i32> <i32 0, i32 1, i32 2, i32 3>
  %".49" = shufflevector <8 x float> %".47", <8 x float> <float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef>, <4 x i32> <i32 4, i32 5, i32 6, i32 7>
  %".50" = call <4 x float> @"llvm.maxnum.v4f32"(<4 x float> %".48", <4 x float> %".49")
  %".51" = shufflevector <4 x float> %".50", <4 x float> <float undef, float undef, float undef, float undef>, <2 x i32> <i32 0, i32 1>
  %".52" = shufflevector <4 x float> %".50", <4 x float> <float undef, float undef, float undef, float undef>, <2 x i32> <i32 2, i32 3>
  %".53" = call <2 x float> @"llvm.maxnum.v2f32"(<2 x float> %".51", <2 x float> %".52")
  %".54" = shufflevector <2 x float> %".53", <2 x float> <float undef, float undef>, <1 x i32> <i32 0>
  %".55" = shufflevector <2 x float> %".53", <2 x float> <float undef, float undef>, <1 x i32> <i32 1>
  %".56" = call <1 x float> @"llvm.maxnum.v1f32"(<1 x float> %".54", <1 x float> %".55")
  %".57" = extractelement <1 x float> %".56", i32 0
  %".58" = insertelement <1 x float> <float undef>, float %".57", i32 0
  %".59" = shufflevector <1 x float> %".58", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".60" = getelementptr float, ptr %"Out", i32 %".32"
  %".61" = insertelement <1 x ptr> <ptr undef>, ptr %".60", i32 0
  %".62" = shufflevector <1 x ptr> %".61", <1 x ptr> <ptr undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".63" = fsub <16 x float> %".40", %".59"
  %".64" = call <16 x float> @"tiledsl.exp.v16f32"(<16 x float> %".63")
  %".65" = fsub <16 x float> %".43", %".59"
  %".66" = call <16 x float> @"tiledsl.exp.v16f32"(<16 x float> %".65")
  %".67" = fadd <16 x float> %".64", %".66"
  %".68" = shufflevector <16 x float> %".67", <16 x float> <float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef>, <8 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7>
  %".69" = shufflevector <16 x float> %".67", <16 x float> <float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef>, <8 x i32> <i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".70" = fadd <8 x float> %".68", %".69"
  %".71" = shufflevector <8 x float> %".70", <8 x float> <float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef>, <4 x i32> <i32 0, i32 1, i32 2, i32 3>
  %".72" = shufflevector <8 x float> %".70", <8 x float> <float undef, float undef, float undef, float undef, float undef, float undef, float undef, float undef>, <4 x i32> <i32 4, i32 5, i32 6, i32 7>
  %".73" = fadd <4 x float> %".71", %".72"
  %".74" = shufflevector <4 x float> %".73", <4 x float> <float undef, float undef, float undef, float undef>, <2 x i32> <i32 0, i32 1>
  %".75" = shufflevector <4 x float> %".73", <4 x float> <float undef, float undef, float undef, float undef>, <2 x i32> <i32 2, i32 3>
  %".76" = fadd <2 x float> %".74", %".75"
  %".77" = shufflevector <2 x float> %".76", <2 x float> <float undef, float undef>, <1 x i32> <i32 0>
  %".78" = shufflevector <2 x float> %".76", <2 x float> <float undef, float undef>, <1 x i32> <i32 1>
  %".79" = fadd <1 x float> %".77", %".78"
  %".80" = extractelement <1 x float> %".79", i32 0
  %".81" = insertelement <1 x float> <float undef>, float %".80", i32 0
  %".82" = shufflevector <1 x float> %".81", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".83" = getelementptr float, ptr %".60", i32 0
  %".84" = fdiv <16 x float> %".64", %".82"
  call void @"llvm.masked.store.v16f32.p0"(<16 x float> %".84", ptr %".83", i32 4, <16 x i1> %".39")
  %".86" = getelementptr float, ptr %".60", i32 16
  %".87" = fdiv <16 x float> %".66", %".82"
  call void @"llvm.masked.store.v16f32.p0"(<16 x float> %".87", ptr %".86", i32 4, <16 x i1> %".42")
  %".89" = add i64 %"pid", 1
  br label %"grid.header"
grid.exit:
  ret i32 0
}

declare <16 x float> @"llvm.masked.load.v16f32.p0"(ptr %".1", i32 %".2", <16 x i1> %".3", <16 x float> %".4")

declare <16 x float> @"llvm.maxnum.v16f32"(<16 x float> %".1", <16 x float> %".2")

declare <8 x float> @"llvm.maxnum.v8f32"(<8 x float> %".1", <8 x float> %".2")

declare <4 x float> @"llvm.maxnum.v4f32"(<4 x float> %".1", <4 x float> %".2")

declare <2 x float> @"llvm.maxnum.v2f32"(<2 x float> %".1", <2 x float> %".2")

declare <1 x float> @"llvm.maxnum.v1f32"(<1 x float> %".1", <1 x float> %".2")

define internal <16 x float> @"tiledsl.exp.v16f32"(<16 x float> %".1") noinline nounwind
{
entry:
  %".3" = call <16 x float> @"llvm.minnum.v16f32"(<16 x float> %".1", <16 x float> <float 0x4056400000000000, float 0x4056400000000000, float 0x4056400000000000, float 0x4056400000000000, float 0x4056400000000000, float 0x4056400000000000, float 0x4056400000000000, float 0x4056400000000000, float 0x4056400000000000, float 0x4056400000000000, float 0x4056400000000000, float 0x4056400000000000, float 0x4056400000000000, float 0x4056400000000000, float 0x4056400000000000, float 0x4056400000000000>)
  %".4" = call <16 x float> @"llvm.maxnum.v16f32"(<16 x float> %".3", <16 x float> <float 0xc05a000000000000, float 0xc05a000000000000, float 0xc05a000000000000, float 0xc05a000000000000, float 0xc05a000000000000, float 0xc05a000000000000, float 0xc05a000000000000, float 0xc05a000000000000, float 0xc05a000000000000, float 0xc05a000000000000, float 0xc05a000000000000, float 0xc05a000000000000, float 0xc05a000000000000, float 0xc05a000000000000, float 0xc05a000000000000, float 0xc05a000000000000>)
  %".5" = fmul <16 x float> %".4", <float 0x3ff7154760000000, float 0x3ff7154760000000, float 0x3ff7154760000000, float 0x3ff7154760000000, float 0x3ff7154760000000, float 0x3ff7154760000000, float 0x3ff7154760000000, float 0x3ff7154760000000, float 0x3ff7154760000000, float 0x3ff7154760000000, float 0x3ff7154760000000, float 0x3ff7154760000000, float 0x3ff7154760000000, float 0x3ff7154760000000, float 0x3ff7154760000000, float 0x3ff7154760000000>
  %".6" = call <16 x float> @"llvm.rint.v16f32"(<16 x float> %".5")
  %".7" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".6", <16 x float> <float 0xbfe62e4000000000, float 0xbfe62e4000000000, float 0xbfe62e4000000000, float 0xbfe62e4000000000, float 0xbfe62e4000000000, float 0xbfe62e4000000000, float 0xbfe62e4000000000, float 0xbfe62e4000000000, float 0xbfe62e4000000000, float 0xbfe62e4000000000, float 0xbfe62e4000000000, float 0xbfe62e4000000000, float 0xbfe62e4000000000, float 0xbfe62e4000000000, float 0xbfe62e4000000000, float 0xbfe62e4000000000>, <16 x float> %".4")
  %".8" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".6", <16 x float> <float 0xbeb7f7d1c0000000, float 0xbeb7f7d1c0000000, float 0xbeb7f7d1c0000000, float 0xbeb7f7d1c0000000, float 0xbeb7f7d1c0000000, float 0xbeb7f7d1c0000000, float 0xbeb7f7d1c0000000, float 0xbeb7f7d1c0000000, float 0xbeb7f7d1c0000000, float 0xbeb7f7d1c0000000, float 0xbeb7f7d1c0000000, float 0xbeb7f7d1c0000000, float 0xbeb7f7d1c0000000, float 0xbeb7f7d1c0000000, float 0xbeb7f7d1c0000000, float 0xbeb7f7d1c0000000>, <16 x float> %".7")
  %".9" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> <float 0x3f2a01a020000000, float 0x3f2a01a020000000, float 0x3f2a01a020000000, float 0x3f2a01a020000000, float 0x3f2a01a020000000, float 0x3f2a01a020000000, float 0x3f2a01a020000000, float 0x3f2a01a020000000, float 0x3f2a01a020000000, float 0x3f2a01a020000000, float 0x3f2a01a020000000, float 0x3f2a01a020000000, float 0x3f2a01a020000000, float 0x3f2a01a020000000, float 0x3f2a01a020000000, float 0x3f2a01a020000000>, <16 x float> %".8", <16 x float> <float 0x3f56c16c20000000, float 0x3f56c16c20000000, float 0x3f56c16c20000000, float 0x3f56c16c20000000, float 0x3f56c16c20000000, float 0x3f56c16c20000000, float 0x3f56c16c20000000, float 0x3f56c16c20000000, float 0x3f56c16c20000000, float 0x3f56c16c20000000, float 0x3f56c16c20000000, float 0x3f56c16c20000000, float 0x3f56c16c20000000, float 0x3f56c16c20000000, float 0x3f56c16c20000000, float 0x3f56c16c20000000>)
  %".10" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".9", <16 x float> %".8", <16 x float> <float 0x3f81111120000000, float 0x3f81111120000000, float 0x3f81111120000000, float 0x3f81111120000000, float 0x3f81111120000000, float 0x3f81111120000000, float 0x3f81111120000000, float 0x3f81111120000000, float 0x3f81111120000000, float 0x3f81111120000000, float 0x3f81111120000000, float 0x3f81111120000000, float 0x3f81111120000000, float 0x3f81111120000000, float 0x3f81111120000000, float 0x3f81111120000000>)
  %".11" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".10", <16 x float> %".8", <16 x float> <float 0x3fa5555560000000, float 0x3fa5555560000000, float 0x3fa5555560000000, float 0x3fa5555560000000, float 0x3fa5555560000000, float 0x3fa5555560000000, float 0x3fa5555560000000, float 0x3fa5555560000000, float 0x3fa5555560000000, float 0x3fa5555560000000, float 0x3fa5555560000000, float 0x3fa5555560000000, float 0x3fa5555560000000, float 0x3fa5555560000000, float 0x3fa5555560000000, float 0x3fa5555560000000>)
  %".12" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".11", <16 x float> %".8", <16 x float> <float 0x3fc5555560000000, float 0x3fc5555560000000, float 0x3fc5555560000000, float 0x3fc5555560000000, float 0x3fc5555560000000, float 0x3fc5555560000000, float 0x3fc5555560000000, float 0x3fc5555560000000, float 0x3fc5555560000000, float 0x3fc5555560000000, float 0x3fc5555560000000, float 0x3fc5555560000000, float 0x3fc5555560000000, float 0x3fc5555560000000, float 0x3fc5555560000000, float 0x3fc5555560000000>)
  %".13" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".12", <16 x float> %".8", <16 x float> <float 0x3fe0000000000000, float 0x3fe0000000000000, float 0x3fe0000000000000, float 0x3fe0000000000000, float 0x3fe0000000000000, float 0x3fe0000000000000, float 0x3fe0000000000000, float 0x3fe0000000000000, float 0x3fe0000000000000, float 0x3fe0000000000000, float 0x3fe0000000000000, float 0x3fe0000000000000, float 0x3fe0000000000000, float 0x3fe0000000000000, float 0x3fe0000000000000, float 0x3fe0000000000000>)
  %".14" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".13", <16 x float> %".8", <16 x float> <float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000>)
  %".15" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".14", <16 x float> %".8", <16 x float> <float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000, float 0x3ff0000000000000>)
  %".16" = fptosi <16 x float> %".6" to <16 x i32>
  %".17" = ashr <16 x i32> %".16", <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %".18" = sub <16 x i32> %".16", %".17"
  %".19" = add <16 x i32> %".17", <i32 127, i32 127, i32 127, i32 127, i32 127, i32 127, i32 127, i32 127, i32 127, i32 127, i32 127, i32 127, i32 127, i32 127, i32 127, i32 127>
  %".20" = shl <16 x i32> %".19", <i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23>
  %".21" = bitcast <16 x i32> %".20" to <16 x float>
  %".22" = add <16 x i32> %".18", <i32 127, i32 127, i32 127, i32 127, i32 127, i32 127, i32 127, i32 127, i32 127, i32 127, i32 127, i32 127, i32 127, i32 127, i32 127, i32 127>
  %".23" = shl <16 x i32> %".22", <i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23>
  %".24" = bitcast <16 x i32> %".23" to <16 x float>
  %".25" = fmul <16 x float> %".15", %".21"
  %".26" = fmul <16 x float> %".25", %".24"
  %".27" = fcmp uno <16 x float> %".1", %".1"
  %".28" = select  <16 x i1> %".27", <16 x float> %".1", <16 x float> %".26"
  ret <16 x float> %".28"
}

declare <16 x float> @"llvm.minnum.v16f32"(<16 x float> %".1", <16 x float> %".2")

declare <16 x float> @"llvm.rint.v16f32"(<16 x float> %".1")

declare <16 x float> @"llvm.fma.v16f32"(<16 x float> %".1", <16 x float> %".2", <16 x float> %".3")

declare void @"llvm.masked.store.v16f32.p0"(<16 x float> %".1", ptr %".2", i32 %".3", <16 x i1> %".4")
